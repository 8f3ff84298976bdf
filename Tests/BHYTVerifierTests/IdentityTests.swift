import BHYTCard
import BHYTCOSE
import BHYTVerifier
import Testing

/// The citizen ID (CCCD) with the card: the verdict's identity, the codes, and a CCCD alone.
@Suite struct IdentityTests {
    let verifier = Verifier(settings: VerificationSettings(trust: Forge.standardTrust, revocations: RevocationList(), time: Forge.march2025))
    /// Hoàng Thị Lụa, born 14/02/1985, female (samples/cards/d2021-k1.json).
    static let lua = "006185000123|012345678|Hoàng Thị Lụa|14021985|Nữ|Bản Nà Phặc, Huyện Ngân Sơn, Bắc Kạn|01072024"
    static let other = "006185000124||Hoàng Thị Lụa|14021986|Nữ|Bắc Kạn|01072024"

    func signed(personalId: String? = nil) throws -> String {
        var card = try Forge.card("d2021-k1")
        card.personalId = personalId
        return try SignedCardCodec.issue(card, issuer: "VN-79", issuedAt: Forge.iat, key: Forge.es)
    }

    @Test func theHolderStaysValid() throws {
        let v = verifier.verify(try signed(), id: Self.lua)
        #expect(v.status == .valid && v.identity?.match == .holder && v.findings.isEmpty)
        let json = v.jsonText(.en)
        #expect(json.contains(#""identity":{"match":"holder","fields":{"personalId":"absent","name":"same","birthDate":"same","sex":"same"}}"#))
    }

    @Test func aMismatchIsInvalidAndSaysWhich() throws {
        let v = verifier.verify(try signed(), id: Self.other)
        #expect(v.status == .invalid && v.identity?.match == .mismatch && v.errors == [.idMismatch])
        let f = try #require(v.findings.first)
        #expect(f.message(.vi).contains("Giấy tờ không khớp thẻ") && f.message(.vi).contains("ngày sinh khác"))
        #expect(f.message(.en).contains("date of birth differ"))
    }

    /// A personal ID in the signed claim survives signing (with its leading zeros) and must agree;
    /// the right number with another person's details is still a mismatch.
    @Test func personalIDInTheClaimMustAgree() throws {
        let text = try signed(personalId: "006185000123")
        let plain = verifier.verify(text)
        #expect(plain.status == .valid && plain.card?.personalId == "006185000123" && plain.identity == nil)
        #expect(verifier.verify(text, id: Self.lua).identity?.fields[.personalId] == .same)
        let wrong = verifier.verify(text, id: "006185000999|012345678|Hoàng Thị Lụa|14021985|Nữ|Bắc Kạn|01072024")
        #expect(wrong.status == .invalid && wrong.identity?.different == [.personalId])
        let impostor = verifier.verify(text, id: "006185000123||Kẻ Mạo Danh|01011970|Nam|x|01012022")
        #expect(impostor.status == .invalid && impostor.identity?.different == [.name, .birthDate, .sex])
    }

    @Test func aLegacyCardThatMatchesStaysUnverified() throws {
        let text = LegacyCodec.write(try Forge.card("d2021-k1"))
        let v = verifier.verify(text, id: Self.lua)
        #expect(v.status == .unverified && v.identity?.match == .holder)
        #expect(verifier.verify(text, id: Self.other).status == .invalid)
    }

    @Test func aChildsCardAndItsGuardian() throws {
        let text = LegacyCodec.write(try Forge.card("te-2016"))
        let v = Verifier(settings: VerificationSettings(trust: Forge.standardTrust, revocations: RevocationList(), time: 1_700_000_000))
            .verify(text, id: "048080001234||Đỗ Văn Thành|01011980|Nam|Đà Nẵng|")
        #expect(v.identity?.match == .guardian && !v.errors.contains(.idMismatch))
    }

    /// An ID that does not read is a warning: the card's verdict stands.
    @Test func anUnreadableIDLeavesTheVerdict() throws {
        for id in ["006185000123|Hoàng", "not an id", "HS4010120878811|x"] {
            let v = verifier.verify(try signed(), id: id)
            #expect(v.status == .valid && v.identity == nil && v.findings.map(\.code) == [.cccdMalformed], "\(id)")
        }
    }

    /// Nothing is compared with a card whose signature did not verify.
    @Test func noComparisonWithAnUnauthenticatedCard() throws {
        // The last three digits (in the signature), each changed to another digit: the text always
        // differs (a fixed "000" was once the card's own ending, and the test failed).
        let card = try signed()
        let text = String(card.dropLast(3)) + card.suffix(3).map { c in
            String((c.wholeNumberValue! + 1) % 10)
        }.joined()
        #expect(text != card)
        let v = verifier.verify(text, id: Self.lua)
        #expect(v.status != .valid && v.identity == nil && v.card == nil)
    }

    /// A CCCD alone is no card: unreadable (nothing about a card was read), who it is shown.
    @Test func aCitizenIDAlone() throws {
        let v = verifier.verify(Self.lua)
        #expect(v.status == .unreadable && v.format == .cccd && v.errors == [.cccdOnly] && v.card == nil)
        let json = v.jsonText(.vi)
        #expect(json.contains(#""person":{"personalId":"006185000123","fullName":"Hoàng Thị Lụa","birthDate":"1985-02-14","sex":"female"}"#))
        #expect(!json.contains("Ngân Sơn"))
        let broken = verifier.verify("006185000123|Hoàng Thị Lụa|14021985")
        #expect(broken.status == .unreadable && broken.errors == [.cccdMalformed])
    }
}

/// A damaged or altered signed card: whatever a changed digit breaks, the receptionist hears that
/// the QR is altered or damaged and what to do, never "report to the agency" for a card no
/// trusted key signed, and never a technical cause in Vietnamese.
@Suite struct DamagedCardTests {
    @Test func aChangedDigitIsAlteredOrDamaged() throws {
        let verifier = Verifier(settings: VerificationSettings(trust: Forge.standardTrust, revocations: RevocationList(), time: Forge.march2025))
        let text = try SignedCardCodec.issue(try Forge.card("d2021-k1"), issuer: "VN-79", issuedAt: Forge.iat, key: Forge.es)
        var g = SplitMix64(seed: 2512)
        let digits = Array(text.utf8)
        var codes: [ReasonCode: Int] = [:]
        for _ in 0..<400 {
            var changed = digits
            let i = Int.random(in: 6..<digits.count, using: &g)
            changed[i] = UInt8(ascii: "0") + (changed[i] - UInt8(ascii: "0") + UInt8.random(in: 1...9, using: &g)) % 10
            let v = verifier.verify(String(decoding: changed, as: UTF8.self))
            #expect(v.status != .valid && v.card == nil)
            for f in v.findings {
                codes[f.code, default: 0] += 1
                let vi = f.message(.vi)
                #expect(!vi.contains("CBOR") && !vi.contains("byte") && !vi.contains("zlib") && !vi.contains("claim"), "\(vi)")
            }
        }
        // A card no trusted key signed is never "malformed claims, report to the agency".
        #expect(codes[.claimsInvalid] == nil, "\(codes)")
        #expect((codes[.signatureInvalid] ?? 0) > 100, "\(codes)")
        #expect(FindingText.summary(.signatureInvalid, .vi).contains("VssID"))
    }

    /// Claims a trusted key did sign stay CLAIMS_INVALID: the agency issued them malformed.
    @Test func malformedClaimsATrustedKeySignedStayClaimsInvalid() throws {
        let verifier = Verifier(settings: VerificationSettings(trust: Forge.standardTrust, revocations: RevocationList(), time: Forge.march2025))
        let text = try Forge.text(payload: [0xA1, 0x01, 0x02])  // a map without the card claim, honestly signed
        #expect(verifier.verify(text).findings.map(\.code) == [.claimsInvalid])
    }
}
