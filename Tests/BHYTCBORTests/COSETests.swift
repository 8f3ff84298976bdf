import BHYTCBOR
import BHYTCOSE
import Testing

@Suite struct COSETests {
    /// RFC 8392 Appendix A.3: a signed CWT (ES256, kid in the unprotected header) with the key of A.2.3.
    static let rfc8392A3 = hex("""
        d28443a10126a104524173796d6d657472696345434453413235365850a70175636f61703a2f2f61732e6578616d706c652e636f6d
        02656572696b77037818636f61703a2f2f6c696768742e6578616d706c652e636f6d041a5612aeb0051a5610d9f0061a5610d9f007
        420b7158405427c1ff28d23fbad1f29c4c7c6a555e601d6fa29f9179bc3d7438bacaca5acd08c8d4d4f96131680c429a01f85951ec
        ee743a52b9b63632c57209120e1c9e30
        """)
    static let rfcKeySPKI = hex("3059301306072a8648ce3d020106082a8648ce3d03010703420004")
        + hex("143329cce7868e416927599cf65a34f3ce2ffda55a7eca69ed8919a394d42f0f")
        + hex("60f7f1a780d8a783bfb7a2dd6b2796e8128dbbcef9d3d168db9529971a36e7b9")

    @Test func rfc8392SignedCWTVerifies() throws {
        let msg = try COSESign1.decode(Self.rfc8392A3)
        #expect(try msg.algorithm() == .es256)
        #expect(msg.kid == Array("AsymmetricECDSA256".utf8))  // unprotected, allowed since none is protected
        let key = try PublicKey(spki: Self.rfcKeySPKI)
        #expect(msg.isSignatureValid(with: key))
        let claims = try CWTClaims(payload: msg.payload)
        #expect(claims.issuer == "coap://as.example.com" && claims.expires == 1_444_064_944)
        #expect(claims.notBefore == 1_443_944_944 && claims.issuedAt == 1_443_944_944)
        #expect(claims[claim: 2] == "erikw" && claims[claim: 7] == .bytes([0x0b, 0x71]))
        var tampered = Self.rfc8392A3
        tampered[40] ^= 1
        let tamperedMessage = try COSESign1.decode(tampered)
        #expect(!tamperedMessage.isSignatureValid(with: key))
    }

    @Test(arguments: SigningKey.Algorithm.allCases)
    func signAndVerify(_ alg: SigningKey.Algorithm) throws {
        let key = SigningKey.generate(alg)
        let msg = try COSESign1.sign(payload: Array("xin chào".utf8), with: key)
        let back = try COSESign1.decode(msg.encoded)
        #expect(back == msg && back.signature.count == 64)
        #expect(CBOR.map(back.protectedHeader) == CBOR.map([CBORPair(1, .int(alg.cose.rawValue)), CBORPair(4, .bytes(key.publicKey.kid))]))
        #expect(back.unprotectedHeader.isEmpty && back.isSignatureValid(with: key.publicKey))
        #expect(!back.isSignatureValid(with: SigningKey.generate(alg).publicKey))
        let other: SigningKey.Algorithm = alg == .es256 ? .eddsa : .es256
        #expect(!back.isSignatureValid(with: SigningKey.generate(other).publicKey))
    }

    @Test func kidIsSHA256OfSPKI() throws {
        let key = try PublicKey(spki: Self.rfcKeySPKI)
        // sha256(SPKI)[0..<8], computed independently with openssl in tests/interop as well.
        #expect(key.kid.count == 8 && key.spki == Self.rfcKeySPKI)
        let ed = try SigningKey(algorithm: .eddsa, rawRepresentation: [UInt8](repeating: 7, count: 32))
        #expect(ed.publicKey.spki.count == 44)
        #expect(try PublicKey(spki: ed.publicKey.spki).kid == ed.publicKey.kid)
    }

    /// Structural refusals, each by its own case.
    @Test func structureRefusals() throws {
        let key = SigningKey.generate(.es256)
        let good = try COSESign1.sign(payload: [1, 2, 3], with: key)
        func build(_ protectedBytes: [UInt8], _ unprotected: [CBORPair], tag: UInt64? = 18, parts: Int = 4) -> [UInt8] {
            var items: [CBOR] = [.bytes(protectedBytes), .map(unprotected), .bytes([1, 2, 3]), .bytes(good.signature)]
            items = Array(items.prefix(parts))
            let body = CBOR.array(items)
            return (tag.map { CBOR.tagged($0, body) } ?? body).encoded
        }
        let kid = CBORPair(4, .bytes(key.publicKey.kid))
        // alg only in the unprotected header
        #expect(throws: COSEError.structure("alg in the unprotected header")) {
            try COSESign1.decode(build(CBOR.map([kid]).encoded, [CBORPair(1, -7)]))
        }
        // untagged when a tag is required; another tag
        #expect(throws: COSEError.self) { try COSESign1.decode(build(good.protectedBytes, [], tag: nil)) }
        #expect(throws: COSEError.self) { try COSESign1.decode(build(good.protectedBytes, [], tag: 98)) }
        #expect((try? COSESign1.decode(build(good.protectedBytes, [], tag: nil), requireTag: false)) != nil)
        // three parts; protected header not a map
        #expect(throws: COSEError.self) { try COSESign1.decode(build(good.protectedBytes, [], parts: 3)) }
        #expect(throws: COSEError.self) { try COSESign1.decode(build(CBOR.array([]).encoded, [])) }
        // a label both protected and unprotected
        #expect(throws: COSEError.self) { try COSESign1.decode(build(good.protectedBytes, [kid])) }
        // unknown algorithm refused by name
        let ps256 = try COSESign1.decode(build(CBOR.map([CBORPair(1, -37), kid]).encoded, []))
        #expect(try ps256.algorithm() == .ps256)  // the generic layer verifies PS256; a profile may refuse it by name
        #expect(throws: COSEError.algorithmUnsupported(id: -37, name: "PS256")) { try ps256.algorithm(accepting: [.es256, .eddsa]) }
        let hs256 = try COSESign1.decode(build(CBOR.map([CBORPair(1, 5), kid]).encoded, []))
        #expect(throws: COSEError.algorithmUnsupported(id: 5, name: "HMAC 256/256")) { try hs256.algorithm() }
        let noAlg = try COSESign1.decode(build(CBOR.map([kid]).encoded, []))
        #expect(throws: COSEError.algorithmMissing) { try noAlg.algorithm() }
        // a trailing byte after the message
        let e = #expect(throws: COSEError.self) { try COSESign1.decode(good.encoded + [0]) }
        #expect(e == .cbor(CBORError(kind: .trailingBytes, offset: good.encoded.count).description))
        // kid only unprotected is read when none is protected, and ignored when one is
        let unprotectedKid = try COSESign1.decode(build(CBOR.map([CBORPair(1, -7)]).encoded, [CBORPair(4, .bytes([9]))]))
        #expect(unprotectedKid.kid == [9])
    }

    @Test func pemKeysRoundTrip() throws {
        for alg in SigningKey.Algorithm.allCases {
            let key = SigningKey.generate(alg)
            let back = try SigningKey(pem: key.pkcs8PEM)
            #expect(back.publicKey.kid == key.publicKey.kid)
            #expect(try PublicKey(pem: key.publicKey.pem).kid == key.publicKey.kid)
            #expect(!key.description.contains("PRIVATE"))
        }
        #expect(throws: COSEError.self) { try SigningKey(pem: "nonsense") }
        #expect(throws: COSEError.self) { try PublicKey(pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n") }
    }
}


extension String {
    func replacingFirst(_ a: String, _ b: String) -> String {
        guard let r = range(of: a) else { return self }
        return replacingCharacters(in: r, with: b)
    }
}

import Foundation
