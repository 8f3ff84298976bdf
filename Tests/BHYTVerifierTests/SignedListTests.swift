import BHYTCard
import BHYTCOSE
import BHYTJSON
import BHYTVerifier
import Testing

/// Signed trust and revocation lists: payload rules, kinds, rollback, and freshness lowering verdicts.
@Suite struct SignedListTests {
    static let root = JWSTests.rootEd
    static let iat: Int64 = 1_740_000_000
    static let exp: Int64 = iat + 7 * 86_400
    static var validity: ListValidity { try! ListValidity(issuedAt: iat, expires: exp, sequence: 7) }

    static func signedTrust(_ list: TrustList = Forge.standardTrust, validity: ListValidity = validity, key: SigningKey = root) throws -> [UInt8] {
        Array(try SignedList.sign(list.entriesJSON, kind: .trust, validity: validity, key: key).utf8)
    }

    func payloadRefusal(_ payload: String, kind: SignedListKind = .trust) -> SignedListError? {
        do {
            let text = Array(try JWSCompact.sign(payload: Array(payload.utf8), type: kind.type, key: Self.root).utf8)
            switch kind {
            case .trust: _ = try TrustList.signed(text, roots: [Self.root.publicKey])
            case .revocation: _ = try RevocationList.signed(text, roots: [Self.root.publicKey])
            }
            return nil
        } catch let e as SignedListError {
            return e
        } catch {
            Issue.record("\(error)")
            return nil
        }
    }

    @Test func trustListRoundTrip() throws {
        let (list, info) = try TrustList.signed(try Self.signedTrust(), roots: [JWSTests.rootES.publicKey, Self.root.publicKey])
        #expect(list.keys == Forge.standardTrust.keys && list.problems.isEmpty)
        #expect(info.kind == .trust && info.validity == Self.validity && info.rootKID == Self.root.publicKey.kidText)
        #expect(info.verifiedBy == Self.root.publicKey)
        // without roots: read, not checked
        #expect(try TrustList.signed(try Self.signedTrust(), roots: []).info.verifiedBy == nil)
        // with the wrong root only: refused
        #expect(throws: SignedListError.jws(.rootUnknown(kid: Self.root.publicKey.kidText))) { try TrustList.signed(try Self.signedTrust(), roots: [JWSTests.other.publicKey]) }
    }

    @Test func kindsAreNotInterchangeable() throws {
        let revocation = Array(try RevocationList.sign(text: Array("0123456789\n".utf8), validity: Self.validity, key: Self.root).utf8)
        #expect(throws: SignedListError.typeMismatch(expected: "bhyt-trust+jwt", found: "bhyt-revocation+jwt")) {
            try TrustList.signed(revocation, roots: [Self.root.publicKey])
        }
        #expect(throws: SignedListError.typeMismatch(expected: "bhyt-revocation+jwt", found: "bhyt-trust+jwt")) {
            try RevocationList.signed(try Self.signedTrust(), roots: [Self.root.publicKey])
        }
        let (list, info) = try RevocationList.signed(revocation, roots: [Self.root.publicKey])
        #expect(list.count == 1 && info.kind == .revocation && info.validity.sequence == 7)
    }

    @Test func trustPayloadRules() {
        let ok = #"{"iat":1740000000,"exp":1740600000,"seq":1,"keys":[]}"#
        #expect(payloadRefusal(ok) == nil)
        let bad = [
            #"{"exp":1740600000,"seq":1,"keys":[]}"#,
            #"{"iat":1740000000.0,"exp":1740600000,"seq":1,"keys":[]}"#,
            #"{"iat":"1740000000","exp":1740600000,"seq":1,"keys":[]}"#,
            #"{"iat":1740000000,"exp":1740000000,"seq":1,"keys":[]}"#,
            #"{"iat":1740000000,"exp":1740600000,"seq":-1,"keys":[]}"#,
            #"{"iat":1740000000,"exp":1740600000,"seq":9007199254740992,"keys":[]}"#,
            #"{"iat":1740000000,"exp":1740600000,"seq":1}"#,
            #"{"iat":1740000000,"exp":1740600000,"seq":1,"keys":{}}"#,
            #"{"iat":1740000000,"exp":1740600000,"seq":1,"keys":[],"note":"x"}"#,
            #"{"iat":1740000000,"exp":1740600000,"exp":1840600000,"seq":1,"keys":[]}"#,
            #"[1740000000]"#,
            #"not json"#,
        ]
        for p in bad { #expect(payloadRefusal(p)?.reason == "LIST_PAYLOAD_INVALID", "\(p)") }
    }

    @Test func revocationPayloadRules() throws {
        let ok = #"{"iat":1740000000,"exp":1740600000,"seq":1,"revoked":["0123456789", "1234567890 2025-03-01","GD4797924800001"]}"#
        #expect(payloadRefusal(ok, kind: .revocation) == nil)
        #expect(payloadRefusal(#" { "revoked" : [ ] , "seq":0,"exp":1740600000 ,"iat":1740000000 } "#, kind: .revocation) == nil)
        let bad = [
            #"{"iat":1740000000,"exp":1740600000,"seq":1}"#,
            #"{"iat":1740000000,"exp":1740600000,"revoked":[]}"#,
            #"{"iat":1740000000,"exp":1740600000,"seq":1.5,"revoked":[]}"#,
            #"{"iat":1740000000,"exp":1740600000,"seq":1e3,"revoked":[]}"#,
            #"{"iat":1740000000,"exp":1740600000,"seq":01,"revoked":[]}"#,
            #"{"iat":1740000000,"exp":1740600000,"seq":1,"revoked":[],"revoked":[]}"#,
            #"{"iat":1740000000,"exp":1740600000,"seq":1,"seq":2,"revoked":[]}"#,
            #"{"iat":1740000000,"exp":1740600000,"seq":1,"revoked":[],"x":1}"#,
            #"{"iat":1740000000,"exp":1740600000,"seq":1,"revoked":["12345"]}"#,
            #"{"iat":1740000000,"exp":1740600000,"seq":1,"revoked":[""]}"#,
            #"{"iat":1740000000,"exp":1740600000,"seq":1,"revoked":["0123456789 # x"]}"#,
            #"{"iat":1740000000,"exp":1740600000,"seq":1,"revoked":["0123456789\n"]}"#,
            #"{"iat":1740000000,"exp":1740600000,"seq":1,"revoked":["\u0030123456789"]}"#,
            #"{"iat":1740000000,"exp":1740600000,"seq":1,"revoked":[0123456789]}"#,
            #"{"iat":1740000000,"exp":1740600000,"seq":1,"revoked":["0123456789",]}"#,
            #"{"iat":1740000000,"exp":1740600000,"seq":1,"revoked":["0123456789"]"#,
            #"{"iat":1740000000,"exp":1740600000,"seq":1,"revoked":["0123456789"]} {}"#,
            #"{"iat":1740600000,"exp":1740000000,"seq":1,"revoked":[]}"#,
            #"{}"#,
        ]
        for p in bad { #expect(payloadRefusal(p, kind: .revocation)?.reason == "LIST_PAYLOAD_INVALID", "\(p)") }
    }

    /// Undated entries travel packed; what is read back is the list that was signed.
    @Test func packedRevocationsRoundTrip() throws {
        var text = "# national list\n"
        var numbers: [String] = []
        var g = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            let digits = String(UInt64.random(in: 0..<10_000_000_000, using: &g))
            let n = String(repeating: "0", count: 10 - digits.count) + digits
            numbers.append(n)
            text += n + "\n"
        }
        text += "GD4797924800001\nHS7010101001234 2025-01-01\n1234567890 2025-03-01\n" + numbers[0] + "\n"
        let jws = try RevocationList.sign(text: Array(text.utf8), validity: Self.validity, key: Self.root)
        #expect(jws.utf8.count < text.utf8.count)  // smaller than the text it signs
        let (signed, _) = try RevocationList.signed(Array(jws.utf8), roots: [Self.root.publicKey])
        let plain = try RevocationList(text: text)
        #expect(signed.count == plain.count)
        for n in numbers.prefix(500) { #expect(signed.isRevoked(socialInsuranceNumber: n, issuedAt: 1)) }
        #expect(!signed.isRevoked(socialInsuranceNumber: "1234567890", issuedAt: 1_800_000_000))
        #expect(signed.isRevoked(socialInsuranceNumber: "1234567890", issuedAt: 1))
        #expect(signed.isRevoked(code: try #require(CardCode("GD4797924800001")), issuedAt: 1_800_000_000))
        #expect(signed.isRevoked(code: try #require(CardCode("HS7010101001234")), issuedAt: 1))
        #expect(!signed.isRevoked(code: try #require(CardCode("HS7010101001234")), issuedAt: 1_800_000_000))
    }

    @Test func malformedPackedRefused() {
        func payload(_ raw: [UInt8]) -> String {
            #"{"iat":1740000000,"exp":1740600000,"seq":1,"packed":"\#(Base64.encode(raw, url: true, padded: false))","revoked":[]}"#
        }
        #expect(payloadRefusal(payload([5, 7]), kind: .revocation) == nil)
        for raw: [UInt8] in [[5, 0], [0x85, 0x00], [0x80], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F],
                             [0x80, 0xC8, 0xAF, 0xA0, 0x25]] {  // equal keys, a padded varint, one that does not end, overflow, 10^10
            #expect(payloadRefusal(payload(raw), kind: .revocation)?.reason == "LIST_PAYLOAD_INVALID", "\(raw)")
        }
        #expect(payloadRefusal(#"{"iat":1740000000,"exp":1740600000,"seq":1,"packed":"A=","revoked":[]}"#, kind: .revocation)?.reason == "LIST_PAYLOAD_INVALID")
    }

    @Test func rollbackRefused() throws {
        func info(_ seq: Int64, _ kind: SignedListKind = .trust) throws -> SignedListInfo {
            SignedListInfo(kind: kind, validity: try ListValidity(issuedAt: Self.iat, expires: Self.exp, sequence: seq), rootKID: "k", verifiedBy: nil)
        }
        var holder = ListHolder("five", info: try info(5))
        #expect(throws: SignedListError.rollback(loaded: 5, offered: 4)) { try holder.replace(with: "four", info: try info(4)) }
        #expect(holder.content == "five" && holder.sequence == 5)
        #expect(try holder.replace(with: "five again", info: try info(5)) == false)
        #expect(holder.content == "five")
        #expect(try holder.replace(with: "six", info: try info(6)) == true)
        #expect(holder.content == "six" && holder.sequence == 6)
        #expect(throws: SignedListError.rollback(loaded: 6, offered: 0)) { try holder.replace(with: "zero", info: try info(0)) }
        #expect(throws: SignedListError.self) { try holder.replace(with: "revocations", info: try info(9, .revocation)) }
        #expect(holder.content == "six")
    }

    /// A seq names one list: the same seq with other signed content is refused (a removed key
    /// must not come back under the number of the list that removed it); the same list again is kept.
    @Test func sameSequenceOtherContentRefused() throws {
        func info(_ seq: Int64, _ digest: [UInt8]) throws -> SignedListInfo {
            SignedListInfo(kind: .trust, validity: try ListValidity(issuedAt: Self.iat, expires: Self.exp, sequence: seq),
                           rootKID: "k", verifiedBy: nil, contentDigest: digest)
        }
        var holder = ListHolder("seven", info: try info(7, [1, 2, 3]))
        #expect(try holder.replace(with: "seven again", info: try info(7, [1, 2, 3])) == false)
        #expect(throws: SignedListError.sequenceReused(7)) { try holder.replace(with: "other seven", info: try info(7, [9, 9, 9])) }
        #expect(holder.content == "seven")
        #expect(SignedListError.sequenceReused(7).reason == "LIST_SEQ_REUSED")
    }

    // MARK: freshness

    /// A Swift caller with a signed trust list gets its freshness applied by the public API
    /// alone (ClinicLists → Verifier(lists:)): a warning after exp, no valid after exp + maxStale;
    /// with a root pinned a plain list is refused.
    @Test func signedListsThroughThePublicAPIKeepTheirFreshness() throws {
        let lists = try ClinicLists(trustList: try Self.signedTrust(), roots: [Self.root.publicKey])
        #expect(lists.trustInfo?.validity == Self.validity && lists.trustInfo?.verifiedBy == Self.root.publicKey)
        let card = try Forge.card("d2021-k1")
        let text = try SignedCardCodec.issue(card, issuer: "VN-79", issuedAt: Forge.iat, key: Forge.es)
        let fresh = Verifier(lists: lists, time: Self.exp - 1).verify(text)
        #expect(fresh.status == .valid && fresh.findings.isEmpty)
        let stale = Verifier(lists: lists, time: Self.exp + 86_400).verify(text)
        #expect(stale.status == .valid && stale.findings.map(\.code) == [.trustListStale])
        let expired = Verifier(lists: lists, time: Self.exp + 2 * 86_400, maximumStaleness: 86_400).verify(text)
        #expect(expired.status == .unverified && expired.findings.map(\.code).contains(.trustListExpired))
        #expect(throws: ClinicLists.LoadError.self) {
            _ = try ClinicLists(trustList: Array(#"{"keys":[]}"#.utf8), roots: [Self.root.publicKey])
        }
        let other = try Self.signedTrust()
        do {
            _ = try ClinicLists(trustList: other, roots: [JWSTests.rootES.publicKey])
            Issue.record("a list signed by another root was taken")
        } catch {
            #expect(error.list == .trust && error.reason == "ROOT_UNKNOWN")
        }
    }

    func verify(at time: Int64, maxStale: Int64 = VerificationSettings.defaultMaximumStaleness, trustValidity: ListValidity? = validity,
                revocationValidity: ListValidity? = nil, policies: [any VerificationPolicy] = Verifier.builtInPolicies,
                text: String? = nil) throws -> Verdict {
        var settings = VerificationSettings(trust: Forge.standardTrust, time: time)
        settings.trustListValidity = trustValidity
        settings.revocationListValidity = revocationValidity
        settings.maximumStaleness = maxStale
        let card = try Forge.card("d2021-k1")
        let signed = try text ?? SignedCardCodec.issue(card, issuer: "VN-79", issuedAt: Forge.iat, key: Forge.es)
        return Verifier(settings: settings, onlyPolicies: policies).verify(signed)
    }

    /// The verification times around exp: nothing before, a warning after, unverified after the tolerated staleness.
    @Test func trustListFreshness() throws {
        let exp = Self.exp, month = VerificationSettings.defaultMaximumStaleness
        // fixed times; the card (d2021-k1) is valid throughout 2025
        #expect(try verify(at: exp - 1).findings.isEmpty)
        let atExp = try verify(at: exp)
        #expect(atExp.status == .valid && atExp.findings.isEmpty)
        let justAfter = try verify(at: exp + 1)
        #expect(justAfter.status == .valid && justAfter.findings.map(\.code) == [.trustListStale])
        #expect(justAfter.findings[0].severity == .warning && justAfter.findings[0].text().contains("update"))
        let days3 = try verify(at: exp + 3 * 86_400 + 5)
        #expect(days3.findings[0].text().contains("3 days ago") && days3.findings[0].text(.vi).contains("3 ngày"))
        let lastMoment = try verify(at: exp + month)
        #expect(lastMoment.status == .valid && lastMoment.findings.map(\.code) == [.trustListStale])
        let expired = try verify(at: exp + month + 1)
        #expect(expired.status == .unverified && expired.findings.map(\.code) == [.trustListExpired])
        #expect(expired.card != nil && expired.findings[0].withholdsValidity)
        // a strict site: --max-stale 0
        #expect(try verify(at: exp, maxStale: 0).status == .valid)
        let strict = try verify(at: exp + 1, maxStale: 0)
        #expect(strict.status == .unverified && strict.findings.map(\.code) == [.trustListExpired])
        // a plain list has no dates: nothing is said, whatever the time
        #expect(try verify(at: exp + 10 * month, trustValidity: nil).findings.isEmpty)
    }

    /// The trust list's expiry is the core's: no choice of policies makes the card valid again.
    @Test func expiredTrustListWithoutPolicies() throws {
        let later = Self.exp + VerificationSettings.defaultMaximumStaleness + 1
        #expect(try verify(at: later, policies: []).status == .unverified)
        #expect(try verify(at: later, policies: [RevocationPolicy()]).status == .unverified)
        // errors still decide: an expired list never lifts an invalid card to unverified
        let forged = try Forge.text(claims: Forge.claims(try Forge.card("d2021-k1")), mutateSignature: true)
        let v = try verify(at: later, text: forged)
        #expect(v.status == .invalid && v.findings.map(\.code) == [.signatureInvalid, .trustListExpired])
        let stranger = try Forge.text(claims: Forge.claims(try Forge.card("d2021-k1")), key: Forge.stranger)
        #expect(try verify(at: Self.exp + 60, text: stranger).findings.map(\.code) == [.keyUnknown, .trustListStale])
        // legacy cards do not depend on the trust list
        #expect(try verify(at: later, text: try Forge.legacy("d2021-k1")).findings.map(\.code).contains(.trustListExpired) == false)
    }

    @Test func revocationListFreshness() throws {
        let rv = try ListValidity(issuedAt: Self.iat, expires: Self.exp, sequence: 1)
        let month = VerificationSettings.defaultMaximumStaleness
        #expect(try verify(at: Self.exp, trustValidity: nil, revocationValidity: rv).findings.isEmpty)
        let stale = try verify(at: Self.exp + 1, trustValidity: nil, revocationValidity: rv)
        #expect(stale.status == .valid && stale.findings.map(\.code) == [.revocationListStale])
        let expired = try verify(at: Self.exp + month + 1, trustValidity: nil, revocationValidity: rv)
        #expect(expired.status == .valid && expired.findings.map(\.code) == [.revocationListExpired])
        #expect(expired.findings[0].severity == .warning && !expired.findings[0].withholdsValidity)
        let both = try verify(at: Self.exp + month + 1, revocationValidity: rv)
        #expect(both.status == .unverified && Set(both.findings.map(\.code)) == [.trustListExpired, .revocationListExpired])
        #expect(FindingText.summary(.trustListExpired, .vi) != FindingText.summary(.facilityElsewhere, .vi))
        for code in [ReasonCode.trustListStale, .trustListExpired, .revocationListStale, .revocationListExpired] {
            #expect(FindingText.summary(code, .en) != FindingText.summary("SOMETHING_ELSE", .en), "\(code)")
        }
    }
}
