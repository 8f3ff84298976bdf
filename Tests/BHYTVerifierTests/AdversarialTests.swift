import BHYTCard
import BHYTCBOR
import BHYTCOSE
import BHYTEncoding
import BHYTVerifier
import Testing
import Foundation

/// The adversarial corpus: every mutation of valid cards a forger could try, generated here.
/// Each case asserts its reason code (exactly where the layer that breaks is determined,
/// else from the set of layers it can break) and that the status is never `valid`.
@Suite struct AdversarialTests {
    static let at = Forge.march2025
    static let verifier = Verifier(settings: VerificationSettings(trust: Forge.standardTrust, time: at))

    /// Byte ranges of a COSE_Sign1 we encoded: which layer a changed byte belongs to.
    struct Layout {
        let payload: Range<Int>
        let signature: Range<Int>
        init(_ cose: [UInt8], _ m: COSESign1) {
            // d2 84 <bstr protected> a0 <bstr payload> 58 40 <signature>
            signature = (cose.count - 64)..<cose.count
            let payloadStart = cose.count - 64 - 2 - m.payload.count
            payload = payloadStart..<(payloadStart + m.payload.count)
        }
    }

    struct Tally {
        var cases = 0
        var byCode: [String: Int] = [:]
        mutating func add(_ v: Verdict) {
            cases += 1
            byCode[v.findings.first?.code.rawValue ?? "none", default: 0] += 1
        }
    }

    static func signed(_ key: SigningKey, _ name: String) throws -> (text: String, cose: [UInt8], message: COSESign1) {
        let text = try SignedCardCodec.issue(try Forge.card(name), issuer: key.algorithm == SigningKey.Algorithm.es256 ? "VN-79" : "VN-56",
                                             issuedAt: Forge.iat, key: key)
        let raw = try Base10.decode(text.dropFirst(6))
        #expect(raw.first != 0x78, "the corpus assumes uncompressed COSE")
        return (text, raw, try COSESign1.decode(raw))
    }

    /// The codes a broken byte outside payload and signature can produce (header, heads).
    static let structural: Set<String> = ["CBOR_MALFORMED", "COSE_MALFORMED", "ALG_UNSUPPORTED", "KID_MISSING", "KEY_UNKNOWN",
                                          "SIGNATURE_INVALID", "DECOMPRESS_FAILED"]

    func check(_ v: Verdict, _ allowed: Set<String>, _ what: @autoclosure () -> String, _ tally: inout Tally) {
        tally.add(v)
        let code = v.findings.first?.code.rawValue ?? "none"
        if v.status == .valid || !allowed.contains(code) {
            Issue.record("\(what()): \(v.status) \(code), expected one of \(allowed.sorted())")
        }
    }

    @Test func mutationsOfValidSignedCardsAreNeverValid() throws {
        var tally = Tally()
        for key in [Forge.es, Forge.ed] {
            let (text, cose, message) = try Self.signed(key, "d2021-k1")
            #expect(Self.verifier.verify(text).status == .valid)
            let layout = Layout(cose, message)
            let digits = Array(text.utf8.dropFirst(6))
            // 1. every truncation
            for n in 0..<text.utf8.count {
                let cut = String(decoding: Array(text.utf8.prefix(n)), as: UTF8.self)
                // A length no group sequence has, or a last group too large for its bytes: Base10.
                // Otherwise the bytes are a cut COSE message: CBOR.
                let left = String(decoding: digits.prefix(max(0, n - 6)), as: UTF8.self)
                let expected: Set<String> = n < 6 ? ["FORMAT_UNKNOWN"] : (try? Base10.decode(left)) == nil ? ["BASE10_INVALID"] : ["CBOR_MALFORMED"]
                check(Self.verifier.verify(cut), expected, "truncated to \(n)", &tally)
            }
            // 2. every single-digit change
            for i in digits.indices {
                for d in UInt8(48)...UInt8(57) where d != digits[i] {
                    var changed = digits
                    changed[i] = d
                    let t = "BHXH1:" + String(decoding: changed, as: UTF8.self)
                    var expected: Set<String> = ["BASE10_INVALID"]
                    if let bytes = try? Base10.decode(String(decoding: changed, as: UTF8.self)) {
                        let diff = Set(bytes.indices.filter { bytes[$0] != cose[$0] })
                        if diff.allSatisfy({ layout.signature.contains($0) }) {
                            expected = ["SIGNATURE_INVALID"]
                        } else if diff.allSatisfy({ layout.payload.contains($0) || layout.signature.contains($0) }) {
                            // The claims are read, with their exact types, before the signature is checked.
                            expected = ["CLAIMS_INVALID", "SIGNATURE_INVALID"]
                        } else {
                            expected = Self.structural
                        }
                    }
                    check(Self.verifier.verify(t), expected, "digit \(i) → \(d - 48)", &tally)
                }
            }
            // 3. every bit of every COSE byte, flipped before Base10
            for i in cose.indices {
                for bit in 0..<8 {
                    var flipped = cose
                    flipped[i] ^= 1 << bit
                    let expected: Set<String> = layout.signature.contains(i) ? ["SIGNATURE_INVALID"]
                        : layout.payload.contains(i) ? ["CLAIMS_INVALID", "SIGNATURE_INVALID"] : Self.structural
                    check(Self.verifier.verify("BHXH1:" + Base10.encode(flipped)), expected, "byte \(i) bit \(bit)", &tally)
                }
            }
        }
        print("adversarial: \(tally.cases) mutations of valid signed cards, none valid; first codes: \(tally.byCode.sorted { $0.key < $1.key })")
        #expect(tally.cases >= 10_000)
    }

    @Test func forgedHeadersAndStructures() throws {
        var tally = Tally()
        let claims = Forge.claims(try Forge.card("d2021-k1"))
        let kid = CBORPair(4, .bytes(Forge.es.publicKey.kid))
        let good = try Forge.text(claims: claims)
        let goodCOSE = try Base10.decode(good.dropFirst(6))
        let m = try COSESign1.decode(goodCOSE)
        func wrap(_ c: CBOR) -> String { "BHXH1:" + Base10.encode(c.encoded) }
        func resigned(_ protected: [CBORPair], _ unprotected: [CBORPair]) -> String {
            // the original signature over a different header: never valid
            wrap(.tagged(18, .array([.bytes(CBOR.map(protected).encoded), .map(unprotected), .bytes(m.payload), .bytes(m.signature)])))
        }
        let cases: [(String, String, Set<String>)] = [
            ("wrong alg (PS256), signed", try Forge.text(claims: claims, protected: [CBORPair(1, -37), kid]), ["ALG_UNSUPPORTED"]),
            ("alg HS256", try Forge.text(claims: claims, protected: [CBORPair(1, 5), kid]), ["ALG_UNSUPPORTED"]),
            ("alg as text", try Forge.text(claims: claims, protected: [CBORPair(1, "ES256"), kid]), ["ALG_UNSUPPORTED"]),
            ("alg only unprotected", resigned([kid], [CBORPair(1, -7)]), ["COSE_MALFORMED"]),
            ("kid moved to unprotected", resigned([CBORPair(1, -7)], [kid]), ["SIGNATURE_INVALID"]),
            ("a second protected entry", resigned([CBORPair(1, -7), kid, CBORPair(3, 0)], []), ["SIGNATURE_INVALID"]),
            ("EdDSA alg on an ES256 signature", resigned([CBORPair(1, -8), kid], []), ["SIGNATURE_INVALID"]),
            ("duplicate protected keys", "BHXH1:" + Base10.encode(CBOR.tagged(18, .array([.bytes([0xA2, 0x01, 0x26, 0x01, 0x26]), .map([]), .bytes(m.payload), .bytes(m.signature)])).encoded), ["CBOR_MALFORMED"]),
            ("indefinite-length array", "BHXH1:" + Base10.encode([0xD2, 0x9F] + Array(goodCOSE.dropFirst(2)) + [0xFF]), ["CBOR_MALFORMED"]),
            ("huge declared length", "BHXH1:" + Base10.encode([0xD2, 0x84, 0x5B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]), ["CBOR_MALFORMED"]),
            ("deep nesting", "BHXH1:" + Base10.encode([UInt8](repeating: 0x81, count: 500) + [0x00]), ["CBOR_MALFORMED"]),
            ("untagged", wrap(.array([.bytes(m.protectedBytes), .map([]), .bytes(m.payload), .bytes(m.signature)])), ["COSE_MALFORMED"]),
            ("CWT tag 61 around it", wrap(.tagged(61, .tagged(18, .array([.bytes(m.protectedBytes), .map([]), .bytes(m.payload), .bytes(m.signature)])))), ["COSE_MALFORMED"]),
            ("trailing byte", "BHXH1:" + Base10.encode(goodCOSE + [0]), ["CBOR_MALFORMED"]),
            ("zlib bomb", "BHXH1:" + Base10.encode(Zlib.deflate([UInt8](repeating: 0, count: 1 << 20))), ["DECOMPRESS_FAILED"]),
            ("valid signature, untrusted key", try Forge.text(claims: claims, key: Forge.stranger), ["KEY_UNKNOWN"]),
            ("a 10 MB line", String(repeating: "1", count: 10 << 20), ["INPUT_TOO_LARGE"]),
            ("a 10 MB legacy-looking line", String(repeating: "|", count: 10 << 20), ["INPUT_TOO_LARGE"]),
            ("NUL bytes", "BHXH1:\u{0}\u{0}123", ["BASE10_INVALID"]),
            ("NUL in legacy text", try Forge.legacy("d2021-k1").replacingOccurrences(of: "|14/02/1985|", with: "|14/02/\u{0}985|"), ["LEGACY_MALFORMED"]),
            ("invalid UTF-8 (replacement characters)", String(decoding: [0x42, 0x48, 0x58, 0x48, 0x31, 0x3A, 0xFF, 0xFE], as: UTF8.self), ["BASE10_INVALID"]),
            ("invalid UTF-8 in legacy", String(decoding: Array(try Forge.legacy("d2021-k1").utf8.prefix(40)) + [0xC3, 0x28, 0x7C], as: UTF8.self), ["LEGACY_MALFORMED"]),
            ("another envelope version", "BHXH2:" + good.dropFirst(6), ["FORMAT_UNKNOWN"]),
            ("input-method mangled (VNI, ambiguous)", InputMethod.vni.type(try Forge.legacy("dn-2016")), ["IME_MANGLED"]),
        ]
        for (what, text, expected) in cases {
            check(Self.verifier.verify(text), expected, what, &tally)
        }
        // a trusted key used outside its validity
        let bounded = Verifier(settings: VerificationSettings(
            trust: Forge.trust([TrustedKey(publicKey: Forge.es.publicKey, issuer: "VN-79", notBefore: Forge.iat + 10)]), time: Self.at))
        check(bounded.verify(good), ["KEY_NOT_VALID"], "key outside validity", &tally)
        print("adversarial: \(tally.cases) forged structures, none valid")
    }

    @Test func legacyTruncationsAndEdits() throws {
        var tally = Tally()
        for name in ["dn-2016", "d2021-k1"] {
            let text = try Forge.legacy(name)
            let u = Array(text.utf8)
            for n in 0..<u.count {
                let v = Self.verifier.verify(String(decoding: u.prefix(n), as: UTF8.self))
                // A truncation may still read (a missing final $ is allowed): then it is only unverified.
                tally.add(v)
                #expect(v.status != .valid)
                let first = v.findings.first?.code.rawValue ?? ""
                #expect(["LEGACY_MALFORMED", "FORMAT_UNKNOWN", "LEGACY_UNSIGNED", "EXPIRED", "CARD_CODE_INVALID"].contains(first), "\(n): \(first)")
            }
        }
        print("adversarial: \(tally.cases) legacy truncations, none valid")
    }
}
