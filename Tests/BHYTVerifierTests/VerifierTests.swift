import BHYTCard
import BHYTCBOR
import BHYTCOSE
import BHYTEncoding
import BHYTVerifier
import Testing

@Suite struct VerifierTests {
    func verifier(_ trust: TrustList = Forge.standardTrust, revoked: String = "", at: Int64 = Forge.march2025,
                  facility: String? = nil) throws -> Verifier {
        Verifier(settings: VerificationSettings(trust: trust, revocations: try RevocationList(text: revoked), time: at,
                                                facility: facility.flatMap(FacilityCode.init)))
    }

    func codes(_ v: Verdict) -> [String] { v.findings.map(\.code.rawValue) }

    @Test(arguments: [Forge.es, Forge.ed])
    func validSignedCard(_ key: SigningKey) throws {
        let card = try Forge.card("d2021-k1")
        let text = try SignedCardCodec.issue(card, issuer: key.algorithm == SigningKey.Algorithm.es256 ? "VN-79" : "VN-56", issuedAt: Forge.iat, key: key)
        let v = try verifier().verify(text)
        #expect(v.status == .valid && v.format == .signed && v.findings.isEmpty)
        #expect(v.card == card && v.kid == key.publicKey.kid && v.algorithm == key.algorithm.cose && v.issuedAt == Forge.iat)
    }

    @Test func inputStages() throws {
        let v = try verifier()
        #expect(codes(v.verify(String(repeating: "1", count: 9000))) == ["INPUT_TOO_LARGE"])
        for junk in ["hello", "HC1:NCF", "", "BHXH1;123", "BHXH2:000"] {
            let r = v.verify(junk)
            #expect(codes(r) == ["FORMAT_UNKNOWN"] && r.status == .unreadable && r.format == .unknown, "\(junk)")
        }
        #expect(codes(v.verify("BHXH1:12")) == ["BASE10_INVALID"])
        #expect(codes(v.verify("BHXH1:" + Base10.encode([0x78, 0x9C, 0xFF, 0x00]))) == ["DECOMPRESS_FAILED"])
    }

    /// The words come from the presentation layer: a decoding stage's technical cause (English)
    /// is in JSON `detail` in either language, and never in a Vietnamese message for people.
    @Test func technicalDetailStaysOutOfVietnameseText() throws {
        let verdict = try verifier().verify("BHXH1:" + Base10.encode([0x78, 0x9C, 0xFF, 0x00]))
        let finding = try #require(verdict.findings.first)
        guard case .technical(let cause) = finding.detail else { Issue.record("\(finding.detail)"); return }
        #expect(FindingText.message(finding, .vi) == FindingText.summary(.decompressFailed, .vi))
        #expect(FindingText.message(finding, .en).contains(cause))
        for lang in Language.allCases {
            let json = String(verdict.jsonText(lang))
            #expect(json.contains("\"detail\":\"" + cause), "\(lang)")
        }
        // Typed details are rendered in each language from the same values.
        let expired = try verifier(at: Forge.march2025 + 400 * 86_400).verify(try Forge.text(claims: Forge.claims(try Forge.card("d2021-k1"))))
        let e = try #require(expired.findings.first { $0.code == .expired })
        guard case .validUntil(let to?, _) = e.detail else { Issue.record("\(e.detail)"); return }
        #expect(e.message(.vi).contains("có giá trị đến ngày \(to.legacyText)") && e.message(.en).contains("valid until \(to.legacyText)"))
    }

    /// "Could not read" is its own status: only when no card was read and every error says only
    /// that; anything read and found wrong stays invalid, and unreadable is never valid.
    @Test func unreadableIsNotInvalid() throws {
        let v = try verifier()
        func status(_ text: String) -> VerdictStatus { v.verify(text).status }
        let malformed = Forge.root.appendingPathComponent("malformed")
        func sample(_ name: String) throws -> String {
            try String(contentsOf: malformed.appendingPathComponent(name + ".txt"), encoding: .utf8).trimmingCharacters(in: .newlines)
        }
        for text in ["xin chào", "", String(repeating: "1", count: 9000), "BHXH1:12", try sample("too-few-fields"), try sample("vni-ambiguous")] {
            #expect(status(text) == .unreadable, "\(text.prefix(30))")
        }
        // Read and found wrong: invalid.
        let badDate = try sample("bad-date"), badSex = try sample("bad-sex")
        #expect(status(badDate) == .invalid && status(badSex) == .invalid)
        let good = try Forge.text(claims: Forge.claims(try Forge.card("d2021-k1")))
        #expect(status(good) == .valid)
        #expect(status(try Forge.text(claims: Forge.claims(try Forge.card("d2021-k1")), key: Forge.stranger)) == .invalid)
        #expect(status("BHXH1:" + Base10.encode([0x78, 0x9C, 0xFF, 0x00])) == .invalid)
        // A refusal of an image with no QR is unreadable; one with another code is not.
        #expect(Verdict.refused(.imageNoQR, .none, time: 0).status == .unreadable)
        #expect(Verdict.refused(.signatureInvalid, .none, time: 0).status == .invalid)
        // Every digit flip of a valid card: never valid, and unreadable only through the reading codes.
        let digits = Array(good.utf8)
        for i in stride(from: 6, to: digits.count, by: 7) {
            var flipped = digits
            flipped[i] = flipped[i] == UInt8(ascii: "9") ? UInt8(ascii: "0") : flipped[i] + 1
            let verdict = v.verify(String(decoding: flipped, as: UTF8.self))
            #expect(verdict.status != .valid)
            if verdict.status == .unreadable { #expect(verdict.findings.allSatisfy { $0.severity != .error || $0.meansUnreadable }) }
        }
    }

    @Test func coseStages() throws {
        let v = try verifier()
        let claims = Forge.claims(try Forge.card("d2021-k1"))
        let kid = CBORPair(4, .bytes(Forge.es.publicKey.kid))
        #expect(codes(v.verify(try Forge.text(claims: claims, trailing: [0]))) == ["CBOR_MALFORMED"])
        #expect(codes(v.verify(try Forge.text(claims: claims, tagged: false))) == ["COSE_MALFORMED"])
        #expect(codes(v.verify(try Forge.text(claims: claims, protected: [kid], unprotected: [CBORPair(1, -7)]))) == ["COSE_MALFORMED"])
        let rs = v.verify(try Forge.text(claims: claims, protected: [CBORPair(1, -257), kid]))
        #expect(codes(rs) == ["ALG_UNSUPPORTED"] && rs.findings[0].text().contains("RS256"))
        #expect(codes(v.verify(try Forge.text(claims: claims, protected: [CBORPair(1, -7)]))) == ["KID_MISSING"])
        // a kid only in the unprotected header is read when none is protected
        let unprotectedKid = try Forge.text(claims: claims, protected: [CBORPair(1, -7)], unprotected: [kid])
        #expect(v.verify(unprotectedKid).status == .valid)
    }

    /// An untrusted key is never a bad signature, and a bad signature is never anything else.
    @Test func trustStages() throws {
        let card = try Forge.card("d2021-k1")
        let claims = Forge.claims(card)
        let byStranger = try Forge.text(claims: claims, key: Forge.stranger)
        #expect(codes(try verifier().verify(byStranger)) == ["KEY_UNKNOWN"])
        #expect(codes(try verifier(TrustList()).verify(byStranger)) == ["KEY_UNKNOWN"])
        let tampered = try Forge.text(claims: claims, mutateSignature: true)
        #expect(codes(try verifier().verify(tampered)) == ["SIGNATURE_INVALID"])
        // a key listed under the same kid as the signer: each is tried, in either order
        let decoy = TrustedKey(publicKey: Forge.stranger.publicKey, kid: Forge.es.publicKey.kid, issuer: "VN-79")
        let real = TrustedKey(publicKey: Forge.es.publicKey, issuer: "VN-79")
        let good = try Forge.text(claims: claims)
        #expect(try verifier(Forge.trust([decoy, real])).verify(good).status == .valid)
        #expect(try verifier(Forge.trust([real, decoy])).verify(good).status == .valid)
        #expect(codes(try verifier(Forge.trust([decoy])).verify(good)) == ["SIGNATURE_INVALID"])
        // a key whose validity ended before the card was signed (and one that began after)
        let expiredKey = TrustedKey(publicKey: Forge.es.publicKey, issuer: "VN-79", notBefore: nil, expires: Forge.iat - 1)
        #expect(codes(try verifier(Forge.trust([expiredKey])).verify(good)) == ["KEY_NOT_VALID"])
        let futureKey = TrustedKey(publicKey: Forge.es.publicKey, issuer: "VN-79", notBefore: Forge.iat + 1)
        #expect(codes(try verifier(Forge.trust([futureKey])).verify(good)) == ["KEY_NOT_VALID"])
        let windowKey = TrustedKey(publicKey: Forge.es.publicKey, issuer: "VN-79", notBefore: Forge.iat, expires: Forge.iat)
        #expect(try verifier(Forge.trust([windowKey])).verify(good).status == .valid)
        // an EdDSA key under an ES256 message's kid cannot verify it
        let wrongAlg = TrustedKey(publicKey: Forge.ed.publicKey, kid: Forge.es.publicKey.kid, issuer: "VN-79")
        #expect(codes(try verifier(Forge.trust([wrongAlg])).verify(good)) == ["SIGNATURE_INVALID"])
    }

    @Test func claimsAndIssuer() throws {
        let card = try Forge.card("d2021-k1")
        let full = Forge.claims(card)
        let noCard = CWTClaims(issuer: full.issuer, issuedAt: full.issuedAt, notBefore: full.notBefore, expires: full.expires)
        #expect(codes(try verifier().verify(try Forge.text(claims: noCard))) == ["CLAIMS_INVALID"])
        let offDay = CWTClaims(issuer: full.issuer, issuedAt: full.issuedAt, notBefore: (full.notBefore ?? 0) + 3600,
                               expires: full.expires, others: full.others)
        #expect(codes(try verifier().verify(try Forge.text(claims: offDay))) == ["CLAIMS_INVALID"])
        // The core refuses it: no content of an unauthorised card is shown.
        let v = try verifier().verify(try Forge.text(claims: Forge.claims(card, iss: "VN-01")))
        #expect(codes(v) == ["ISSUER_MISMATCH"] && v.status == .invalid && v.card == nil)
    }

    @Test func validityPeriod() throws {
        let card = try Forge.card("d2021-k1")  // 01/01/2025 – 31/12/2025
        let text = try SignedCardCodec.issue(card, issuer: "VN-79", issuedAt: Forge.iat - 86_400 * 30, key: Forge.es)
        let start = card.validFrom.startInVietnam, end = try #require(card.validTo).endInVietnam
        #expect(codes(try verifier(at: start - 1).verify(text)) == ["NOT_YET_VALID"])
        #expect(try verifier(at: start).verify(text).status == .valid)
        #expect(try verifier(at: end).verify(text).status == .valid)
        #expect(codes(try verifier(at: end + 1).verify(text)) == ["EXPIRED"])
        // signed after the verification time (beyond the clock skew)
        let late = try SignedCardCodec.issue(card, issuer: "VN-79", issuedAt: start + 86_400, key: Forge.es)
        #expect(codes(try verifier(at: start + 3600).verify(late)) == ["NOT_YET_VALID"])
        // open-ended cards never expire
        let open = try SignedCardCodec.issue(try Forge.card("d2021-open"), issuer: "VN-79", issuedAt: Forge.iat, key: Forge.es)
        #expect(try verifier(at: 4_000_000_000).verify(open).status == .valid)
    }

    @Test func revocation() throws {
        let card = try Forge.card("d2021-k1")
        let text = try SignedCardCodec.issue(card, issuer: "VN-79", issuedAt: Forge.iat, key: Forge.es)
        #expect(codes(try verifier(revoked: "# all cards\n1234567890\n").verify(text)) == ["REVOKED"])
        #expect(codes(try verifier(revoked: "1234567890 2025-06-01\n").verify(text)) == ["REVOKED"])
        #expect(try verifier(revoked: "1234567890 2024-12-01\n").verify(text).status == .valid)
        #expect(try verifier(revoked: "0000000001\n  # 1234567890\n").verify(text).status == .valid)
        // a legacy card: issued 20/12/2024
        let legacy = try Forge.legacy("d2021-k1")
        #expect(codes(try verifier(revoked: "1234567890 2025-01-01").verify(legacy)).contains("REVOKED"))
        #expect(!codes(try verifier(revoked: "1234567890 2024-12-01").verify(legacy)).contains("REVOKED"))
        #expect(throws: RevocationList.LoadError.self) { try RevocationList(text: "12345\n") }
        #expect(throws: RevocationList.LoadError.self) { try RevocationList(text: "1234567890 yesterday\n") }
        #expect(throws: RevocationList.LoadError.self) { try RevocationList(text: "1234567890 2025-01-01 x\n") }
        // found by the fuzzer: a long digit run once overflowed instead of being refused
        #expect(throws: RevocationList.LoadError.self) { try RevocationList(text: "5601266666666666666666634568 2025-04-01\n") }
    }

    @Test func legacyCards() throws {
        let v = try verifier(at: Forge.march2025)
        let ok = v.verify(try Forge.legacy("d2021-k1"))
        #expect(ok.status == .unverified && ok.format == .legacy && codes(ok) == ["LEGACY_UNSIGNED"])
        #expect(ok.findings[0].severity == .warning)
        let expired = v.verify(try Forge.legacy("dn-2016"))
        #expect(expired.status == .invalid && codes(expired) == ["EXPIRED", "LEGACY_UNSIGNED"])
        #expect(codes(v.verify("DN4|x|$")) == ["LEGACY_MALFORMED"])
        // mangled: repaired (a warning) vs not (an error)
        let repaired = v.verify(InputMethod.telex.type(try Forge.legacy("d2021-k1")))
        #expect(repaired.status == .unverified && codes(repaired) == ["IME_MANGLED", "LEGACY_UNSIGNED"])
        #expect(repaired.findings[0].severity == .warning)
        // VNI: the check string has two readings, so the card is read without it, and says so.
        let lost = v.verify(InputMethod.vni.type(try Forge.legacy("dn-2016")))
        #expect(lost.status != .unreadable && codes(lost).first == "IME_MANGLED" && lost.findings[0].severity == .warning, "\(codes(lost))")
        #expect(lost.card?.checkString == nil && lost.card?.fullName == "Phạm Thu Hà")
        #expect(lost.findings[0].message(.vi).contains("trừ chuỗi kiểm tra") && lost.findings[0].message(.en).contains("except the check string"))
        // The code has two readings (CA36… and CA63…): nothing is read.
        let ambiguous = v.verify(InputMethod.vni.type(try Forge.legacy("dn-2016").replacingOccurrences(of: "DN4790123456789", with: "CA3679012345678")))
        #expect(ambiguous.status == .unreadable && codes(ambiguous) == ["IME_MANGLED"] && ambiguous.findings[0].severity == .error)
        // a 2021-design card without a benefit level breaks a card-code rule
        let noLevel = try Forge.legacy("d2021-k1").replacingOccurrences(of: "|0123456789abcdef-0101|2|", with: "|0123456789abcdef-0101|-|")
        #expect(codes(v.verify(noLevel)) == ["CARD_CODE_INVALID", "LEGACY_UNSIGNED"])
    }

    @Test func cardCodeRuleOnASignedCard() throws {
        var card = try Forge.card("dn-2016")
        card.benefitLevel = .full  // DN4… says level 4
        let text = try SignedCardCodec.issue(card, issuer: "VN-79", issuedAt: card.validFrom.startInVietnam - 86_400, key: Forge.es)
        let v = try verifier(at: card.validFrom.startInVietnam).verify(text)
        #expect(codes(v) == ["CARD_CODE_INVALID"], "\(v.findings)")
        #expect(v.status == .invalid)
    }

    /// Every finding is listed, not only the first.
    @Test func everyFindingIsListed() throws {
        let card = try Forge.card("d2021-k1")
        var wrong = card
        wrong.benefitLevel = nil
        let text = try SignedCardCodec.issue(wrong, issuer: "VN-79", issuedAt: Forge.iat, key: Forge.es)
        let v = try verifier(revoked: "1234567890", at: 1_800_000_000, facility: "79024").verify(text)
        #expect(codes(v) == ["EXPIRED", "REVOKED", "CARD_CODE_INVALID", "FACILITY_ELSEWHERE"])
        #expect(v.findings.last?.severity == .warning)
        let elsewhere = try verifier(facility: "79 - 024").verify(try SignedCardCodec.issue(card, issuer: "VN-79", issuedAt: Forge.iat, key: Forge.es))
        #expect(elsewhere.status == .valid && codes(elsewhere) == ["FACILITY_ELSEWHERE"])
        #expect(try verifier(facility: "06012").verify(try SignedCardCodec.issue(card, issuer: "VN-79", issuedAt: Forge.iat, key: Forge.es)).findings.isEmpty)
    }

    /// Every verdict code has a receptionist's message in both languages, and the built-in
    /// policies' codes are among them.
    @Test func everyVerdictCodeHasAMessage() {
        let documented = ReasonCode.verdictCodes
        #expect(Set(Verifier.builtInPolicies.flatMap(\.codes)).isSubset(of: Set(documented)))
        for code in documented {
            for lang in Language.allCases {
                #expect(FindingText.summary(code, lang) != FindingText.summary("SOMETHING_ELSE", lang), "\(code) \(lang)")
            }
        }
    }

    /// docs/VERIFYING.md's table of reason codes and the code's one table agree both ways, in order.
    @Test func theDocumentedTableIsTheCodesTable() throws {
        let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/VERIFYING.md")
        let text = try String(contentsOf: doc, encoding: .utf8)
        let section = try #require(text.components(separatedBy: "## Reason codes").dropFirst().first?.components(separatedBy: "\n## ").first)
        let rows = section.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `") else { return nil }
            return line.dropFirst(3).split(separator: "`").first.map(String.init)
        }
        #expect(rows == ReasonCode.verdictCodes.map(\.rawValue))
    }
}

import Foundation
