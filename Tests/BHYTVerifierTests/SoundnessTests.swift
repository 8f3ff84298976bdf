import BHYTCard
import BHYTCBOR
import BHYTCOSE
import BHYTEncoding
import BHYTJSON
import BHYTVerifier
import Crypto
import Testing

/// One test per way the verifier was found to accept what it must refuse (docs/SECURITY.md,
/// "Findings"). Each failed on the verifier before the core was rebuilt.
@Suite struct SoundnessTests {
    func verifier(_ trust: TrustList = Forge.standardTrust, at: Int64 = Forge.march2025) -> Verifier {
        Verifier(settings: VerificationSettings(trust: trust, time: at))
    }

    func codes(_ v: Verdict) -> [String] { v.findings.map(\.code.rawValue) }

    /// The payload of an honest card with one claim replaced by another CBOR value.
    func payload(_ card: Card, replacing key: Int64, with value: CBOR) -> [UInt8] {
        let claims = Forge.claims(card)
        var members = claims.cbor.mapValue ?? []
        members = members.map { $0.key == .int(key) ? CBORPair($0.key, value) : $0 }
        return CBOR.map(members).encoded
    }

    // 1. Every claim has one exact type: a float iat no longer slips past the key's window.
    @Test func floatClaimsAreRefused() throws {
        let card = try Forge.card("d2021-k1")
        let keyEnd: Int64 = 1_717_171_200
        let bounded = Forge.trust([TrustedKey(publicKey: Forge.es.publicKey, issuer: "VN-79", expires: keyEnd)])
        // Signed after the key's end, with iat as a float.
        let floatIat = try Forge.text(payload: payload(card, replacing: 6, with: .float(1_717_171_201.0)))
        let v = verifier(bounded).verify(floatIat)
        #expect(v.status == .invalid && codes(v) == ["CLAIMS_INVALID"], "\(v.findings)")
        // The same card with an integer iat is KEY_NOT_VALID, as it always should have been.
        let intIat = try Forge.text(payload: payload(card, replacing: 6, with: .int(1_717_171_201)))
        #expect(codes(verifier(bounded).verify(intIat)) == ["KEY_NOT_VALID"])
        // nbf, exp as floats; iss as bytes; a float in an unknown claim; a float inside the card claim.
        for (key, value) in [(Int64(5), CBOR.float(Double(card.validFrom.startInVietnam))), (4, .float(1.5e9)), (1, .bytes([0x56]))] {
            #expect(codes(verifier().verify(try Forge.text(payload: payload(card, replacing: key, with: value)))) == ["CLAIMS_INVALID"], "claim \(key)")
        }
        var members = Forge.claims(card).cbor.mapValue ?? []
        members.append(CBORPair(99, .float(0.5)))
        #expect(codes(verifier().verify(try Forge.text(payload: CBOR.map(members).encoded))) == ["CLAIMS_INVALID"])
        var claim = CardClaim.encode(card).mapValue ?? []
        claim = claim.map { $0.key == 5 ? CBORPair(5, .float(2)) : $0 }
        let withFloat = CWTClaims(issuer: "VN-79", issuedAt: Forge.iat, notBefore: card.validFrom.startInVietnam,
                                  expires: card.validTo?.endInVietnam, others: [CBORPair(.int(CardClaim.cwtKey), .map(claim))])
        #expect(codes(verifier().verify(try Forge.text(claims: withFloat))) == ["CLAIMS_INVALID"])
    }

    // 2. Small-order and non-canonical Ed25519 keys never enter a trust list.
    static let identity: [UInt8] = [1] + [UInt8](repeating: 0, count: 31)

    @Test func smallOrderEd25519KeysAreRefused() throws {
        // The attack is real with the library underneath: R = identity, S = 0 verifies for any message.
        let raw = try Curve25519.Signing.PublicKey(rawRepresentation: Self.identity)
        let forgedSignature = Self.identity + [UInt8](repeating: 0, count: 32)
        #expect(raw.isValidSignature(forgedSignature, for: Array("any card at all".utf8)))
        // We refuse every small-order point and every non-canonical encoding.
        let p: [UInt8] = [0xED] + [UInt8](repeating: 0xFF, count: 30) + [0x7F]
        func plus(_ k: UInt8) -> [UInt8] { var v = p; v[0] &+= k; return v }
        let order8 = [UInt8]([0x26, 0xE8, 0x95, 0x8F, 0xC2, 0xB2, 0x27, 0xB0, 0x45, 0xC3, 0xF4, 0x89, 0xF2, 0xEF, 0x98, 0xF0,
                              0xD5, 0xDF, 0xAC, 0x05, 0xD3, 0xC6, 0x33, 0x39, 0xB1, 0x38, 0x02, 0x88, 0x6D, 0x53, 0xFC, 0x05])
        let order8b = [UInt8]([0xC7, 0x17, 0x6A, 0x70, 0x3D, 0x4D, 0xD8, 0x4F, 0xBA, 0x3C, 0x0B, 0x76, 0x0D, 0x10, 0x67, 0x0F,
                               0x2A, 0x20, 0x53, 0xFA, 0x2C, 0x39, 0xCC, 0xC6, 0x4E, 0xC7, 0xFD, 0x77, 0x92, 0xAC, 0x03, 0x7A])
        var bad: [[UInt8]] = [Self.identity, [UInt8](repeating: 0, count: 32), plus(0xFF), order8, order8b]  // 1, 0, p−1
        bad += bad.map { var s = $0; s[31] |= 0x80; return s }   // the same points with the sign bit set
        bad += [p, plus(1), plus(2), plus(18)]                   // y ≥ p: non-canonical
        for b in bad {
            #expect(throws: COSEError.self, "\(b.prefix(2))…\(b.suffix(1))") { try PublicKey(ed25519: b) }
        }
        #expect(throws: Never.self) { try PublicKey(ed25519: Forge.ed.publicKey.spki.suffix(32).map { $0 }) }
        // A trust list offering the identity key: the entry is reported and left out, and the
        // forged card it would have made valid is KEY_UNKNOWN.
        let spki: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00] + Self.identity
        let kid = Array(SHA256.hash(data: spki).prefix(8))
        let entry = #"{"kty":"OKP","crv":"Ed25519","x":"\#(Base64.encode(Self.identity, url: true, padded: false))","kid":"\#(Base64.encode(kid, url: true, padded: false))","alg":"EdDSA","iss":"VN-56"}"#
        let list = try TrustList(json: #"{"keys":[\#(entry)]}"#)
        #expect(list.keys.isEmpty && list.problems.count == 1 && list.problems[0].contains("small order"))
        let header = [CBORPair(1, -8), CBORPair(4, .bytes(kid))]
        let payload = Forge.claims(try Forge.card("d2021-k1"), iss: "VN-56").cbor.encoded
        let forged = CBOR.tagged(18, .array([.bytes(CBOR.map(header).encoded), .map([]), .bytes(payload), .bytes(forgedSignature)]))
        #expect(codes(verifier(list).verify("BHXH1:" + Base10.encode(forged.encoded))) == ["KEY_UNKNOWN"])
    }

    // 3. A critical header we do not understand makes the card invalid (RFC 9052 §3.1).
    @Test func unknownCriticalHeadersAreRefused() throws {
        let claims = Forge.claims(try Forge.card("d2021-k1"))
        let alg = CBORPair(1, -7), kid = CBORPair(4, .bytes(Forge.es.publicKey.kid))
        let unknown = try Forge.text(claims: claims, protected: [alg, CBORPair(2, .array([99])), kid, CBORPair(99, 1)])
        #expect(codes(verifier().verify(unknown)) == ["COSE_MALFORMED"])
        let absent = try Forge.text(claims: claims, protected: [alg, CBORPair(2, .array([3])), kid])
        #expect(codes(verifier().verify(absent)) == ["COSE_MALFORMED"])
        let empty = try Forge.text(claims: claims, protected: [alg, CBORPair(2, .array([])), kid])
        #expect(codes(verifier().verify(empty)) == ["COSE_MALFORMED"])
        let unprotected = try Forge.text(claims: claims, protected: [alg, kid], unprotected: [CBORPair(2, .array([4]))])
        #expect(codes(verifier().verify(unprotected)) == ["COSE_MALFORMED"])
        // A critical label we do understand is fine, and an unknown header that is not critical is ignored.
        #expect(verifier().verify(try Forge.text(claims: claims, protected: [alg, CBORPair(2, .array([4])), kid])).status == .valid)
        #expect(verifier().verify(try Forge.text(claims: claims, protected: [alg, kid, CBORPair(99, 1)])).status == .valid)
    }

    // 4. A trust-list entry carrying private key material is a leaked key: refused and reported.
    @Test func privateKeysInTheTrustListAreRefused() throws {
        for member in ["d", "p", "k"] {
            var jwk = TrustedKey(publicKey: Forge.es.publicKey, issuer: "VN-79").jwk
            if case .object(let m) = jwk { jwk = .object(m + [JSONMember(member, .string("AAAA"))]) }
            let list = try TrustList(json: #"{"keys":[\#(jwk.serialized)]}"#)
            #expect(list.keys.isEmpty && list.problems.first?.contains("leaked") == true, "\(member)")
            #expect(list.entriesWithPrivateKeys == [0])
            #expect(codes(verifier(list).verify(try Forge.text(claims: Forge.claims(try Forge.card("d2021-k1"))))) == ["KEY_UNKNOWN"])
        }
        // What `trust add` writes never carries one.
        #expect(!Forge.standardTrust.jsonText.contains("\"d\""))
    }

    // 5. Duplicate JSON members are refused everywhere JSON is read.
    @Test func duplicateJSONMembersAreRefused() throws {
        let e = #expect(throws: JSONParseError.self) { try JSONParser.parse(#"{"iss":"VN-56","x":1,"iss":"VN-79"}"#) }
        #expect(e?.reason.contains("iss") == true)
        var jwk = TrustedKey(publicKey: Forge.es.publicKey, issuer: "VN-56").jwk.serialized
        jwk.removeLast()
        #expect(throws: COSEError.self) { try TrustList(json: #"{"keys":[\#(jwk),"iss":"VN-79"}]}"#) }
        #expect(throws: COSEError.self) { try TrustList(json: #"{"keys":[],"keys":[]}"#) }
        let card = try Forge.card("d2021-k1").json.serialized
        #expect(throws: CardError.self) { try Card(jsonText: String(card.dropLast()) + #","fullName":"Someone Else"}"#) }
        #expect(throws: Never.self) { try JSONParser.parse(#"{"a":{"x":1},"b":{"x":2}}"#) }  // the same name in two objects is fine
    }

    // 6. Bounding a stolen key works: adding a listed key updates its entry; removing works;
    //    the same key under two issuers is two entries, each judged on its own.
    @Test func boundingAStolenKeyWorks() throws {
        let card = try Forge.card("d2021-k1")
        let theft = Forge.iat + 86_400  // the key was stolen the day after this card was signed
        let before = try Forge.text(claims: Forge.claims(card))
        let after = try Forge.text(claims: Forge.claims(card, iat: theft + 3600))
        var list = Forge.trust([TrustedKey(publicKey: Forge.es.publicKey, issuer: "VN-79")])
        #expect(verifier(list, at: theft + 7200).verify(after).status == .valid)
        let outcome = list.add(TrustedKey(publicKey: Forge.es.publicKey, issuer: "VN-79", expires: theft))
        #expect(outcome == .updated(previous: TrustedKey(publicKey: Forge.es.publicKey, issuer: "VN-79")))
        #expect(list.keys.count == 1)
        let reread = try TrustList(json: list.jsonText)
        #expect(reread.keys.count == 1 && reread.problems.isEmpty)
        #expect(codes(verifier(reread, at: theft + 7200).verify(after)) == ["KEY_NOT_VALID"])
        #expect(verifier(reread, at: theft + 7200).verify(before).status == .valid)
        // A list written by the old tool: the key listed twice for one issuer, once bounded. The
        // narrower window applies (and the duplicate is reported).
        let old = "{\"keys\":[\(TrustedKey(publicKey: Forge.es.publicKey, issuer: "VN-79").jwk.serialized),"
            + "\(TrustedKey(publicKey: Forge.es.publicKey, issuer: "VN-79", expires: theft).jwk.serialized)]}"
        let oldList = try TrustList(json: old)
        #expect(oldList.keys.count == 1 && oldList.problems.count == 1)
        #expect(codes(verifier(oldList, at: theft + 7200).verify(after)) == ["KEY_NOT_VALID"])
        // The same key for two issuers: bounding it for one leaves the other alone.
        var two = Forge.trust([TrustedKey(publicKey: Forge.es.publicKey, issuer: "VN-79", expires: theft),
                               TrustedKey(publicKey: Forge.es.publicKey, issuer: "VN-56")])
        #expect(two.keys.count == 2)
        #expect(codes(verifier(two, at: theft + 7200).verify(after)) == ["KEY_NOT_VALID"])
        let for56 = try Forge.text(claims: Forge.claims(card, iss: "VN-56", iat: theft + 3600))
        #expect(verifier(two, at: theft + 7200).verify(for56).status == .valid)
        // Removal: by kid and issuer, then by kid.
        #expect(two.remove(kid: Forge.es.publicKey.kid, issuer: "VN-56") == 1)
        #expect(codes(verifier(two, at: theft + 7200).verify(for56)) == ["ISSUER_MISMATCH"])
        #expect(two.remove(kid: Forge.es.publicKey.kid) == 1 && two.keys.isEmpty)
        #expect(codes(verifier(two).verify(before)) == ["KEY_UNKNOWN"])
    }

    // 10. Text that fools the screen: C1 controls and direction overrides are refused in names
    //     and addresses, whichever way the card comes.
    @Test func controlAndDirectionCharactersAreRefused() throws {
        let legacy = try Forge.legacy("d2021-k1")
        var fields = legacy.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        for evil in ["\u{202E}", "\u{0085}", "\u{009B}", "\u{2066}", "\u{200F}"] {
            fields[1] = Array(("An" + evil + "Nam").utf8).map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
            let v = verifier().verify(fields.joined(separator: "|"))
            #expect(v.status == .invalid && codes(v) == ["LEGACY_MALFORMED"], "\(evil.unicodeScalars.first?.value ?? 0)")
            var card = try Forge.card("d2021-k1")
            card.fullName = "An" + evil + "Nam"
            let signed = try SignedCardCodec.issue(card, issuer: "VN-79", issuedAt: Forge.iat, key: Forge.es)
            #expect(codes(verifier().verify(signed)) == ["CLAIMS_INVALID"])
            #expect(card.validate().contains { $0.code == .nameInvalid })
            card.fullName = "An Nam"
            card.address = "Số 1" + evil
            #expect(codes(verifier().verify(try SignedCardCodec.issue(card, issuer: "VN-79", issuedAt: Forge.iat, key: Forge.es))) == ["CLAIMS_INVALID"])
            #expect(card.validate().contains { $0.code == .textInvalid })
        }
    }

    // The core is not a policy: removing any policy, or all of them, makes nothing valid that
    // was refused before a policy ran (untrusted, forged, tampered, mistyped, legacy).
    @Test func noPolicyRemovalMakesAForgeryValid() throws {
        let card = try Forge.card("d2021-k1")
        let claims = Forge.claims(card)
        var inputs = [
            try Forge.text(claims: claims, key: Forge.stranger),                      // KEY_UNKNOWN
            try Forge.text(claims: claims, mutateSignature: true),                    // SIGNATURE_INVALID
            try Forge.text(claims: Forge.claims(card, iss: "VN-01")),                 // ISSUER_MISMATCH
            try Forge.text(payload: payload(card, replacing: 6, with: .float(1.7e9))),  // CLAIMS_INVALID
            try Forge.legacy("d2021-k1"), try Forge.legacy("dn-2016"),               // legacy: unverified at best
            "BHXH1:123", "hello",
        ]
        let expired = Forge.trust([TrustedKey(publicKey: Forge.es.publicKey, issuer: "VN-79", expires: Forge.iat - 1)])
        let good = try Forge.text(claims: claims)
        // every single-digit change of a good card
        let digits = Array(good.utf8.dropFirst(6))
        for i in stride(from: 0, to: digits.count, by: 3) {
            var d = digits
            d[i] = d[i] == 57 ? 48 : d[i] + 1
            inputs.append("BHXH1:" + String(decoding: d, as: UTF8.self))
        }
        let full = Verifier.builtInPolicies
        let variants: [[any VerificationPolicy]] = [[]] + full.indices.map { i in full.enumerated().filter { $0.offset != i }.map(\.element) }
        for trust in [Forge.standardTrust, expired] {
            for text in inputs + [good] {
                let reference = Verifier(settings: VerificationSettings(trust: trust, time: Forge.march2025)).verify(text)
                for policies in variants {
                    let v = Verifier(settings: VerificationSettings(trust: trust, time: Forge.march2025), onlyPolicies: policies).verify(text)
                    if reference.status != .valid {
                        // Refused by the core (or legacy): no set of policies changes that.
                        if reference.card == nil || reference.format == .legacy { #expect(v.status != .valid, "\(policies.count) policies: \(text.prefix(40))") }
                    }
                }
            }
        }
        #expect(Verifier(settings: VerificationSettings(trust: Forge.standardTrust, time: Forge.march2025), onlyPolicies: []).verify(good).status == .valid)
    }

    /// A clinic's own policy is added to the built-in ones, never instead of them: expiry,
    /// the validity window and revocation still apply (once `policies: []` on a good card was valid).
    @Test func addedPoliciesCannotDropTheBuiltInRules() throws {
        struct Lenient: VerificationPolicy {
            var codes: [ReasonCode] { [] }
            func findings(for subject: VerificationSubject, settings: VerificationSettings) -> [Finding] { [] }
        }
        let card = try Forge.card("d2021-k1")  // valid through 2025
        let text = try SignedCardCodec.issue(card, issuer: "VN-79", issuedAt: Forge.iat, key: Forge.es)
        let lenient = [Lenient(), Lenient()]
        func verdict(at time: Int64, revoked: String? = nil) throws -> Verdict {
            var settings = VerificationSettings(trust: Forge.standardTrust, time: time)
            if let revoked { settings.revocations = try RevocationList(text: revoked) }
            return Verifier(settings: settings, additionalPolicies: lenient).verify(text)
        }
        #expect(try verdict(at: Forge.march2025).status == .valid)
        let late = try verdict(at: Forge.march2025 + 400 * 86_400)
        #expect(late.status == .invalid && late.findings.map(\.code).contains(.expired))
        let early = try verdict(at: Forge.iat - 30 * 86_400)
        #expect(early.status != .valid)
        let revoked = try verdict(at: Forge.march2025, revoked: try #require(card.socialInsuranceNumber) + "\n")
        #expect(revoked.status == .invalid && revoked.findings.map(\.code).contains(.revoked))
        #expect(Verifier(settings: VerificationSettings(time: 0), additionalPolicies: lenient).policies.count
                == Verifier.builtInPolicies.count + 2)
    }
}
