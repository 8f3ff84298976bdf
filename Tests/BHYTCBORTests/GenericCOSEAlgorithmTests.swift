import BHYTCBOR
import BHYTCOSE
import Crypto
import Testing

/// RFC 9053 §2.1 in the generic COSE layer: the algorithm fixes the scheme and the hash, the
/// key fixes the curve. (The signed card's profile stays stricter: only the key's own algorithm.)
@Suite struct GenericCOSEAlgorithmTests {
    /// A COSE_Sign1 with `alg` in the protected header, signed by `sign` over its Sig_structure.
    static func message(alg: Int64, payload: [UInt8] = Array("generic".utf8), sign: ([UInt8]) throws -> [UInt8]) throws -> COSESign1 {
        let header = [CBORPair(1, .int(alg))]
        let protectedBytes = CBOR.map(header).encoded
        let unsigned = COSESign1(protectedBytes: protectedBytes, protectedHeader: header, unprotectedHeader: [], payload: payload, signature: [])
        return COSESign1(protectedBytes: protectedBytes, protectedHeader: header, unprotectedHeader: [], payload: payload,
                         signature: try sign(unsigned.signedBytes))
    }

    @Test func es256OverAP384KeyIsECDSAP384WithSHA256() throws {
        let key = P384.Signing.PrivateKey()
        let pub = try PublicKey(spki: Array(key.publicKey.derRepresentation))
        let msg = try Self.message(alg: -7) { Array(try key.signature(for: SHA256.hash(data: $0)).rawRepresentation) }
        #expect(msg.isSignatureValidAsGenericCOSE(with: pub))
        // The key's own algorithm (ES384: SHA-384) is not what signed it: the card profile's check refuses it.
        #expect(!msg.isSignatureValid(with: pub))
        // One bit changed in the signature: no longer valid.
        var bad = msg.signature
        bad[10] ^= 1
        let tampered = COSESign1(protectedBytes: msg.protectedBytes, protectedHeader: msg.protectedHeader, unprotectedHeader: [], payload: msg.payload, signature: bad)
        #expect(!tampered.isSignatureValidAsGenericCOSE(with: pub))
    }

    @Test func es384OverAP256KeyIsECDSAP256WithSHA384() throws {
        let key = P256.Signing.PrivateKey()
        let pub = try PublicKey(spki: Array(key.publicKey.derRepresentation))
        let msg = try Self.message(alg: -35) { Array(try key.signature(for: SHA384.hash(data: $0)).rawRepresentation) }
        #expect(msg.isSignatureValidAsGenericCOSE(with: pub))
        #expect(!msg.isSignatureValid(with: pub))
        // The same signature under ES256 (SHA-256) is not valid: the algorithm fixes the hash.
        let relabelled = try Self.message(alg: -7) { _ in msg.signature }
        #expect(!relabelled.isSignatureValidAsGenericCOSE(with: pub))
    }

    @Test func aSchemeTheKeyCannotDoIsNoSignature() throws {
        let key = P256.Signing.PrivateKey()
        let pub = try PublicKey(spki: Array(key.publicKey.derRepresentation))
        // EdDSA named over an EC key, and PS256: never valid, whatever the bytes.
        for alg: Int64 in [-8, -37] {
            let msg = try Self.message(alg: alg) { Array(try key.signature(for: $0).rawRepresentation) }
            #expect(!msg.isSignatureValidAsGenericCOSE(with: pub))
        }
        // ES256 over P-256: the plain case still verifies both ways.
        let plain = try Self.message(alg: -7) { Array(try key.signature(for: $0).rawRepresentation) }
        #expect(plain.isSignatureValidAsGenericCOSE(with: pub) && plain.isSignatureValid(with: pub))
    }
}
