import BHYTCard
import BHYTCBOR
import BHYTCOSE
import BHYTEncoding
import Testing

@Suite struct SignedCardTests {
    static let es = try! SigningKey(algorithm: .es256, rawRepresentation: [UInt8](repeating: 0x11, count: 32))
    static let ed = try! SigningKey(algorithm: .eddsa, rawRepresentation: [UInt8](repeating: 0x22, count: 32))

    /// Property: every random card survives claim encoding, and the claim is deterministic CBOR.
    @Test func randomCardsRoundTripThroughTheClaim() throws {
        var g = SeededGenerator(seed: 8392)
        for _ in 0..<2000 {
            let card = RandomCards.card(&g)
            let claims = SignedCardCodec.claims(for: card, issuer: "VN-01", issuedAt: 0)
            let bytes = claims.cbor.encoded
            #expect(try CBORDecoder().decode(bytes).encoded == bytes)  // deterministic
            let text = try SignedCardCodec.encode(claims: claims, key: Self.ed)
            #expect(try SignedCardCodec.decode(text).card == card)
        }
    }

    @Test(arguments: [es, ed])
    func issueAndDecode(_ key: SigningKey) throws {
        for name in LegacyCodecTests.sampleNames {
            let card = try Samples.card(name)
            let text = try SignedCardCodec.issue(card, issuer: "VN-79", issuedAt: 1_735_689_600, key: key)
            #expect(text.hasPrefix("BHXH1:") && text.dropFirst(6).utf8.allSatisfy { $0 >= 48 && $0 <= 57 })
            let back = try SignedCardCodec.decode(text)
            #expect(back.card == card && back.algorithm == key.algorithm.cose && back.kid == key.publicKey.kid)
            #expect(back.issuer == "VN-79" && back.issuedAt == 1_735_689_600)
            #expect(back.notBefore == card.validFrom.startInVietnam)
            #expect(back.expires == card.validTo?.endInVietnam)
            #expect(back.cose.isSignatureValid(with: key.publicKey))
            // zlib only when shorter: the stored form is the shorter one.
            let cose = back.cose.encoded
            #expect(back.compressed == (Zlib.deflate(cose).count < cose.count))
        }
    }

    /// Each layer's failure is reported at its own stage.
    @Test func stages() throws {
        let card = try Samples.card("dn-2016")
        let good = try SignedCardCodec.issue(card, issuer: "VN-79", issuedAt: 1, key: Self.es)
        func stage(_ text: String) -> ReasonCode? {
            do { _ = try SignedCardCodec.decode(text); return nil } catch { return error.code }
        }
        func wrap(_ cose: [UInt8]) -> String { "BHXH1:" + Base10.encode(cose) }
        #expect(stage(good) == nil)
        #expect(stage(good + "\r\n") == nil)
        // A scanner typing with Caps Lock on inverts the prefix's case; the digits are the same.
        #expect(stage("bhxh1:" + good.dropFirst(6)) == nil)
        #expect(SignedCardCodec.hasPrefix("  bHxH1:123"))
        #expect(stage("BHXH2:" + good.dropFirst(6)) == .formatUnknown)
        #expect(stage("BHXH1;" + good.dropFirst(6)) == .formatUnknown)
        #expect(stage("HC1:NCFOXN") == .formatUnknown)
        #expect(stage(good + "1") == .base10Invalid)
        #expect(stage(String(good.prefix(10)) + "A" + good.dropFirst(11)) == .base10Invalid)
        #expect(stage("BHXH1:" + String(repeating: "9", count: 17)) == .base10Invalid)
        #expect(stage(String(repeating: "1", count: 7201)) == .inputTooLarge)
        #expect(stage(wrap([0x78, 0x9C, 1, 2, 3])) == .decompressFailed)
        #expect(stage(wrap([0x78] + Zlib.deflate([UInt8](repeating: 0, count: 100_000)).dropFirst())) == .decompressFailed)
        let contents = try SignedCardCodec.decode(good)
        let cose = contents.cose.encoded
        #expect(stage(wrap(cose + [0])) == .cborMalformed)
        #expect(stage(wrap(Array(cose.dropLast()))) == .cborMalformed)
        #expect(stage(wrap(CBOR.array([1, 2]).encoded)) == .coseMalformed)
        func resign(_ header: [CBORPair], _ unprotected: [CBORPair] = [], payload: [UInt8]? = nil) -> String {
            let msg = COSESign1(protectedBytes: CBOR.map(header).encoded, protectedHeader: header, unprotectedHeader: unprotected,
                                payload: payload ?? contents.cose.payload, signature: contents.cose.signature)
            return wrap(msg.encoded)
        }
        let kid = CBORPair(4, .bytes(Self.es.publicKey.kid))
        #expect(stage(resign([CBORPair(1, -37), kid])) == .algUnsupported)
        #expect(stage(resign([kid])) == .coseMalformed)
        #expect(stage(resign([kid], [CBORPair(1, -7)])) == .coseMalformed)
        #expect(stage(resign([CBORPair(1, -7)])) == .kidMissing)
        #expect(stage(resign([CBORPair(1, -7), kid], payload: CBOR.array([]).encoded)) == .claimsInvalid)
        #expect(stage(resign([CBORPair(1, -7), kid], payload: CBOR.map([CBORPair(1, "VN-79")]).encoded)) == .claimsInvalid)
        var claim = CardClaim.encode(card).mapValue ?? []
        claim.append(CBORPair(99, 1))
        let odd = CWTClaims(issuer: "VN-79", others: [CBORPair(.int(CardClaim.cwtKey), .map(claim))])
        #expect(stage(resign([CBORPair(1, -7), kid], payload: odd.cbor.encoded)) == .claimsInvalid)
    }

    @Test func claimRefusals() throws {
        let card = try Samples.card("d2021-open")
        var m = CardClaim.encode(card).mapValue ?? []
        /// nil when the claim reads; else the claim key the error names (0 for none).
        func decode(_ members: [CBORPair]) -> Int64? {
            do {
                _ = try CardClaim.decode(.map(members), notBefore: card.validFrom.startInVietnam, expires: nil)
                return nil
            } catch {
                #expect(error.code == .claimsInvalid)
                guard let r = error.detail.range(of: "card claim key ") else { return 0 }
                return Int64(error.detail[r.upperBound...].prefix { $0.isNumber }) ?? 0
            }
        }
        #expect(throws: CardError.self) { try CardClaim.decode(.map(m), notBefore: 5, expires: nil) }
        #expect(throws: CardError.self) { try CardClaim.decode(.map(m), notBefore: nil, expires: nil) }
        #expect(decode(m) == nil)
        #expect(decode(m.filter { $0.key != 1 }) == (1))
        #expect(decode(m.filter { $0.key != 4 }) == (3))
        #expect(decode(m + [CBORPair(3, 1000)]) == (4))
        m = m.map { $0.key == 5 ? CBORPair(5, 3) : $0 }
        #expect(decode(m) == (5))
        #expect(throws: CardError.self) { try CardClaim.decode(.array([]), notBefore: 0, expires: nil) }
        // One deterministic form per field: the long forms are refused where the short one applies.
        let sample = try Samples.card("dn-2016")
        let short = CardClaim.encode(sample).mapValue ?? []
        let start = sample.validFrom.startInVietnam, end = sample.validTo?.endInVietnam
        #expect(short.contains { $0.key == 18 } && short.contains { $0.key == 19 } && short.contains { $0.key == 13 && $0.value == 4 })
        let long = short.filter { $0.key != 18 } + [CBORPair(11, .text(sample.managementCode ?? ""))]
        #expect(throws: CardError.self) { try CardClaim.decode(.map(long), notBefore: start, expires: end) }
        let longCheck = short.filter { $0.key != 19 } + [CBORPair(15, .text(sample.checkString ?? ""))]
        #expect(throws: CardError.self) { try CardClaim.decode(.map(longCheck), notBefore: start, expires: end) }
        let textArea = short.filter { $0.key != 13 } + [CBORPair(13, "4")]
        #expect(throws: CardError.self) { try CardClaim.decode(.map(textArea), notBefore: start, expires: end) }
        #expect(throws: CardError.self) { try CardClaim.decode(.map(short), notBefore: start, expires: (end ?? 0) - 1) }
    }

    @Test func sizeIsCompact() throws {
        // The claim for the richest sample: names as UTF-8 (not hex), dates as day numbers.
        let card = try Samples.card("d2021-open")
        let claimSize = CardClaim.encode(card).encoded.count
        let legacySize = LegacyCodec.write(card).utf8.count
        #expect(claimSize * 3 < legacySize * 2)
    }
}

import Foundation
