import BHYTCard
import BHYTVerifier
import Foundation
import Testing
@testable import BHYTDesk

/// One classifier: the command line's argument rule, the verifier's dispatch and the codecs
/// agree on what kind of text an input is, with the same white-space rule.
@Suite struct CardTextKindTests {
    @Test func oneRuleForEveryReader() throws {
        let signed = try Fixtures.sample("signed/es256/d2021-k1.txt").trimmingCharacters(in: .whitespacesAndNewlines)
        let legacy = try Fixtures.sample("legacy/hs-2016.txt").trimmingCharacters(in: .whitespacesAndNewlines)
        let cases: [(String, CardTextKind)] = [
            (signed, .signed), ("  " + signed, .signed), ("\t" + signed, .signed), (" \t" + signed + " \t\r\n", .signed),
            ("bhxh1:" + signed.dropFirst(6), .signed), ("bHxH1:123", .signed),
            (legacy, .legacy), ("\t" + legacy, .legacy), ("a|b", .legacy),
            ("079203001234||Lê Văn B|15081990|Nam|Huế|", .citizenID), (" 079203001234|x", .citizenID),
            ("card.png", .none), ("BHXH1", .none), ("", .none), ("\u{00A0}BHXH1:1", .none), ("BHXH2:123", .none),
        ]
        for (text, kind) in cases {
            #expect(CardTextKind.of(text) == kind, "\(text.prefix(20))")
            #expect((CardInput.kind(of: text) == .text) == (kind != .none), "\(text.prefix(20))")
            let verdict = Fixtures.verifier.verify(text)
            switch kind {
            case .signed: #expect(verdict.format == .signed)
            case .legacy: #expect(verdict.format == .legacy)
            case .citizenID: #expect(verdict.format == .cccd && verdict.status == .unreadable)
            case .none: #expect(verdict.format == .unknown && verdict.findings.map(\.code) == [.formatUnknown])
            }
        }
        // Padding the verifier accepts decodes the same card.
        let padded = Fixtures.verifier.verify(" \t" + signed + " \t\r\n")
        #expect(padded.status == .valid && padded.card == Fixtures.verifier.verify(signed).card)
    }
}
