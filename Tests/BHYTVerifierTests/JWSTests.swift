import BHYTCOSE
import Foundation
import Testing

/// The compact JWS profile of the signed lists: what verifies, and every way a hostile list is refused.
@Suite struct JWSTests {
    static let rootES = try! SigningKey(algorithm: .es256, rawRepresentation: [UInt8](repeating: 0x41, count: 32))
    static let rootEd = try! SigningKey(algorithm: .eddsa, rawRepresentation: [UInt8](repeating: 0x42, count: 32))
    static let other = try! SigningKey(algorithm: .es256, rawRepresentation: [UInt8](repeating: 0x43, count: 32))
    static let payload = Array(#"{"iat":1,"exp":2,"seq":3,"keys":[]}"#.utf8)

    static func b64(_ s: String) -> String { Base64.encodeURL(Array(s.utf8)) }
    static func b64(_ b: [UInt8]) -> String { Base64.encodeURL(b) }

    /// A JWS whose header is given as text, honestly signed by `key` over whatever the header says.
    static func compact(header: String, payload: [UInt8] = payload, key: SigningKey = rootES) throws -> String {
        let input = b64(header) + "." + b64(payload)
        return input + "." + b64(try key.signature(for: Array(input.utf8)))
    }

    static func header(alg: String, key: SigningKey = rootES, typ: String = "bhyt-trust+jwt") -> String {
        #"{"alg":"\#(alg)","kid":"\#(key.publicKey.kidText)","typ":"\#(typ)"}"#
    }

    func refusal(_ text: String, roots: [PublicKey] = [rootES.publicKey, rootEd.publicKey], limit: Int = 1 << 20) -> JWSError? {
        do {
            let jws = try JWSCompact(text, maximumLength: limit)
            _ = try jws.verify(roots: roots)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [rootES, rootEd])
    func signsAndVerifies(_ key: SigningKey) throws {
        let text = try JWSCompact.sign(payload: Self.payload, type: "bhyt-trust+jwt", key: key)
        let jws = try JWSCompact(text + "\n", maximumLength: 4096)
        #expect(jws.algorithm == key.algorithm.cose && jws.kid == key.publicKey.kidText && jws.type == "bhyt-trust+jwt")
        #expect(jws.payload == Self.payload && jws.signature.count == 64)
        #expect(try jws.verify(roots: [Self.other.publicKey, Self.rootES.publicKey, Self.rootEd.publicKey]) == key.publicKey)
        // the header is exactly alg, kid, typ in that order
        let header = Base64.decodeURL(Array(text.split(separator: ".")[0].utf8))!
        #expect(String(decoding: header, as: UTF8.self) == #"{"alg":"\#(key.algorithm.rawValue)","kid":"\#(key.publicKey.kidText)","typ":"bhyt-trust+jwt"}"#)
    }

    @Test func tamperedPayloadOrSwappedSignature() throws {
        let good = try JWSCompact.sign(payload: Self.payload, type: "t", key: Self.rootES)
        let parts = good.split(separator: ".").map(String.init)
        var changed = Self.payload
        changed[8] = UInt8(ascii: "9")  // iat 1 → 9
        #expect(refusal([parts[0], Self.b64(changed), parts[2]].joined(separator: ".")) == .signatureInvalid)
        let otherSig = try JWSCompact.sign(payload: changed, type: "t", key: Self.rootES).split(separator: ".")[2]
        #expect(refusal([parts[0], parts[1], String(otherSig)].joined(separator: ".")) == .signatureInvalid)
        // a signature flipped in one bit
        var sig = Base64.decodeURL(Array(parts[2].utf8))!
        sig[5] ^= 1
        #expect(refusal([parts[0], parts[1], Self.b64(sig)].joined(separator: ".")) == .signatureInvalid)
        #expect(refusal(good) == nil)
    }

    @Test func wrongRoot() throws {
        let byOther = try JWSCompact.sign(payload: Self.payload, type: "t", key: Self.other)
        #expect(refusal(byOther) == .rootUnknown(kid: Self.other.publicKey.kidText))
        #expect(refusal(try JWSCompact.sign(payload: Self.payload, type: "t", key: Self.rootES), roots: []) == .rootUnknown(kid: Self.rootES.publicKey.kidText))
        // the Ed25519 root's kid with alg ES256 (and an ES256 signature by another key): refused by alg before any signature check
        let confused = try Self.compact(header: Self.header(alg: "ES256", key: Self.rootEd), key: Self.other)
        #expect(refusal(confused) == .algorithmMismatch(header: "ES256", key: "EdDSA"))
    }

    @Test func algorithmsRefused() throws {
        let none = Self.b64(Self.header(alg: "none")) + "." + Self.b64(Self.payload) + "." + Self.b64([UInt8](repeating: 0, count: 64))
        #expect(refusal(none) == .algorithmNone)
        #expect(refusal(Self.b64(Self.header(alg: "NONE")) + "." + Self.b64(Self.payload) + ".AA") == .algorithmNone)
        // the classic unsigned form, an empty signature part
        #expect(refusal(Self.b64(Self.header(alg: "none")) + "." + Self.b64(Self.payload) + ".")?.reason == "JWS_MALFORMED")
        for alg in ["HS256", "RS256", "PS256", "ES384", "es256", ""] {
            #expect(refusal(try Self.compact(header: Self.header(alg: alg))) == .algorithmUnsupported(alg), "\(alg)")
        }
        #expect(refusal(try Self.compact(header: #"{"alg":-7,"kid":"x","typ":"t"}"#))?.reason == "JWS_HEADER")
    }

    @Test func headerRefused() throws {
        let kid = Self.rootES.publicKey.kidText
        let cases = [
            #"{"alg":"ES256","alg":"none","kid":"\#(kid)","typ":"t"}"#,  // repeated member
            #"{"alg":"ES256","kid":"\#(kid)","typ":"t","crit":["exp"]}"#,
            #"{"alg":"ES256","kid":"\#(kid)","typ":"t","jwk":{}}"#,
            #"{"alg":"ES256","kid":"\#(kid)","typ":"t","x5u":"http://x"}"#,
            #"{"alg":"ES256","kid":"\#(kid)","typ":"t","b64":false}"#,
            #"{"alg":"ES256","typ":"t"}"#,
            #"{"alg":"ES256","kid":"\#(kid)"}"#,
            #"{"alg":"ES256","kid":"","typ":"t"}"#,
            #"["ES256"]"#,
            #"{"alg":"ES256","kid":"\#(kid)","typ":"t"} x"#,
        ]
        for h in cases {
            #expect(refusal(try Self.compact(header: h))?.reason == "JWS_HEADER", "\(h)")
        }
        let long = #"{"alg":"ES256","kid":"\#(String(repeating: "k", count: 2000))","typ":"t"}"#
        #expect(refusal(try Self.compact(header: long))?.reason == "JWS_HEADER")
    }

    @Test func base64urlStrict() throws {
        let good = try JWSCompact.sign(payload: Self.payload, type: "t", key: Self.rootES)
        let p = good.split(separator: ".").map(String.init)
        #expect(refusal(p[0] + "=." + p[1] + "." + p[2]) == .base64(part: "header"))
        let std = p[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        if std != p[1] { #expect(refusal(p[0] + "." + std + "." + p[2]) == .base64(part: "payload")) }
        #expect(refusal(p[0] + "." + p[1] + ".\(p[2].dropLast())") != nil)
        #expect(refusal(p[0] + "." + p[1] + " ." + p[2]) == .base64(part: "payload"))
        #expect(refusal(p[0] + "." + p[1] + "." + p[2] + "=") == .base64(part: "signature"))
        // stray bits: "AB" and "AC" would both decode to 0x00
        #expect(Base64.decodeURL(Array("AA".utf8)) == [0])
        #expect(Base64.decodeURL(Array("AB".utf8)) == nil)
        #expect(Base64.decodeURL(Array("A".utf8)) == nil)
        #expect(Base64.decodeURL(Array("-_8".utf8)) == [0xFB, 0xFF])
    }

    @Test func shapeAndSize() throws {
        let good = try JWSCompact.sign(payload: Self.payload, type: "t", key: Self.rootES)
        #expect(refusal("")?.reason == "JWS_MALFORMED")
        #expect(refusal("eyJ")?.reason == "JWS_MALFORMED")
        #expect(refusal(good + ".x")?.reason == "JWS_MALFORMED")
        #expect(refusal(good + "." + good)?.reason == "JWS_MALFORMED")
        #expect(refusal(good, limit: good.utf8.count - 1) == .tooLarge(limit: good.utf8.count - 1))
        // an ES256 signature in DER (as OpenSSL writes it) is not r||s
        let input = good.split(separator: ".").prefix(2).joined(separator: ".")
        let der: [UInt8] = [0x30, 0x44, 0x02, 0x20] + [UInt8](repeating: 1, count: 32) + [0x02, 0x20] + [UInt8](repeating: 2, count: 32)
        #expect(refusal(input + "." + Self.b64(der))?.reason == "JWS_MALFORMED")
        // hostile bytes never crash
        for junk in ["...", "a.b.c", "eyJ.eyJ.eyJ", String(repeating: ".", count: 1000), "\u{0}.\u{0}.\u{0}"] {
            #expect(refusal(junk) != nil)
        }
    }
}

extension JWSTests {
    /// In-place decoding (a national revocation list) agrees with the ordinary decoder on every
    /// length and refuses what it refuses.
    @Test func inPlaceDecodingAgrees() {
        var seed: UInt8 = 7
        for n in 0..<70 {
            let bytes = (0..<n).map { _ in seed = seed &* 37 &+ 11; return seed }
            let text = Array(Base64.encodeURL(bytes).utf8)
            var buffer = Array("xx.".utf8) + text + Array(".sig".utf8)
            #expect(Base64.decodeURLInPlace(&buffer, range: 3..<(3 + text.count)) && buffer == bytes, "\(n)")
            #expect(Base64.decodeURL(text) == bytes)
        }
        for bad in ["AB", "A", "AAA=", "AA+A", "AA/A", "AA A", "AAAAB", "AAAA\u{0}AAA"] {
            var buffer = Array(bad.utf8)
            #expect(!Base64.decodeURLInPlace(&buffer, range: 0..<buffer.count) && Base64.decodeURL(Array(bad.utf8)) == nil, "\(bad)")
        }
    }
}
