import BHYTCard
import BHYTDesk
import BHYTJSON
import BHYTVerifier
import Foundation
import Testing

@Suite struct FrontDeskTests {
    let t = Fixtures.july2025

    func text(_ path: String) throws -> String { try Fixtures.sample(path).trimmingCharacters(in: .whitespacesAndNewlines) }

    @Test func garbageAndEmptyLinesAreNoCheckIn() {
        var desk = FrontDesk(time: t)
        for line in ["", "   ", "hello", "0123456789"] {
            let v = Fixtures.verifier.verify(line)
            let scan = desk.record(v, text: line, at: t)
            #expect(scan.outcome == .notACard)
            #expect(FrontDesk.logEntry(scan, verdict: v, at: t) == nil)
        }
        #expect(desk.counts.isEmpty)
    }

    @Test func sameCardWithinTheWindowIsARepeat() throws {
        var desk = FrontDesk(time: t, repeatWindow: 300)
        let card = try text("signed/es256/d2021-k1.txt")
        let v = Fixtures.verifier.verify(card)
        #expect(v.status == .valid)
        #expect(desk.record(v, text: card, at: t).outcome == .checkIn)
        #expect(desk.record(v, text: card, at: t + 120).outcome == .repeatScan(firstAt: t))
        #expect(desk.counts == [.valid: 1])
        // After the window it is a new check-in (a patient back in the afternoon).
        #expect(desk.record(v, text: card, at: t + 301).outcome == .checkIn)
        #expect(desk.counts == [.valid: 2])
    }

    @Test func aForgeryDoesNotMakeTheGenuineCardARepeat() throws {
        var desk = FrontDesk(time: t)
        let card = try text("signed/es256/d2021-k1.txt")
        // Same claims, no trusted key: invalid, its code only claimed.
        let untrusted = Verifier(settings: VerificationSettings(time: t)).verify(card)
        #expect(untrusted.status == .invalid)
        let forged = desk.record(untrusted, text: card, at: t)
        #expect(forged.outcome == .checkIn && !forged.codeAuthenticated && forged.code != nil)
        let genuine = desk.record(Fixtures.verifier.verify(card), text: card, at: t + 10)
        #expect(genuine.outcome == .checkIn && genuine.codeAuthenticated && genuine.code == forged.code)
        #expect(desk.counts == [.invalid: 1, .valid: 1])
    }

    @Test func aLegacyCardsCodeIsNeverAuthenticated() throws {
        var desk = FrontDesk(time: t)
        let card = try text("legacy/d2021-k1.txt")
        let v = Fixtures.verifier.verify(card)
        #expect(v.format == .legacy && v.card != nil)
        let scan = desk.record(v, text: card, at: t)
        #expect(scan.outcome == .checkIn && scan.code == v.card?.code.text && !scan.codeAuthenticated)
    }

    @Test func logEntryHoldsWhatAnAuditNeeds() throws {
        var desk = FrontDesk(time: t)
        let card = try text("signed/es256/d2021-k1.txt")
        let v = Fixtures.verifier.verify(card)
        let scan = desk.record(v, text: card, at: t)
        let entry = try JSONParser.parse(Array(try #require(FrontDesk.logEntry(scan, verdict: v, at: t)).utf8))
        #expect(entry["scannedAt"]?.intValue == t)
        #expect(entry["day"]?.stringValue == "2025-07-01")
        #expect(entry["code"]?.stringValue == v.card?.code.text)
        #expect(entry["verdict"]?["status"]?.stringValue == "valid")
        // The hash is SHA-256 of the exact text (checked against a known digest of "abc").
        #expect(entry["textSHA256"]?.stringValue?.count == 64)
        let abc = desk.record(Fixtures.verifier.verify("a|b|c"), text: "abc", at: t)
        #expect(abc.textSHA256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func aNewDayStartsNewCounts() throws {
        var desk = FrontDesk(time: t, counts: [.valid: 5])
        let card = try text("signed/es256/d2021-k1.txt")
        let v = Fixtures.verifier.verify(card)
        _ = desk.record(v, text: card, at: t)
        #expect(desk.counts == [.valid: 6])
        _ = desk.record(v, text: card, at: t + 86_400)
        #expect(desk.day == "2025-07-02" && desk.counts == [.valid: 1])
    }
}
