@preconcurrency import Crypto
@preconcurrency import CryptoExtras

/// A public key that verifies COSE signatures. It validates itself when made: a point off
/// its curve, a non-canonical or small-order Ed25519 point (which would let a forged
/// signature verify for every message), or an RSA key under 2048 bits is refused, so a
/// `PublicKey` that exists can be trusted to mean what it says. The algorithm is the key's.
public struct PublicKey: Sendable, Hashable, CustomStringConvertible {
    enum Storage: Sendable {
        case p256(P256.Signing.PublicKey)
        case ed25519(Curve25519.Signing.PublicKey)
        case p384(P384.Signing.PublicKey)
        case rsaPSS(_RSA.Signing.PublicKey)
    }

    let storage: Storage
    /// DER SubjectPublicKeyInfo.
    package let spki: [UInt8]
    /// The key id: the first 8 bytes of SHA-256 over the DER SubjectPublicKeyInfo.
    public let kid: [UInt8]

    private init(_ storage: Storage, spki: [UInt8]) {
        self.storage = storage
        self.spki = spki
        kid = Array(SHA256.hash(data: spki).prefix(8))
    }

    init(p256 key: P256.Signing.PublicKey) { self.init(.p256(key), spki: Array(key.derRepresentation)) }

    init(validatedEd25519 key: Curve25519.Signing.PublicKey) {
        self.init(.ed25519(key), spki: Ed25519DER.spkiPrefix + Array(key.rawRepresentation))
    }

    /// The algorithm this key verifies.
    public var algorithm: COSEAlgorithm {
        switch storage {
        case .p256: return .es256
        case .ed25519: return .eddsa
        case .p384: return .es384
        case .rsaPSS: return .ps256
        }
    }

    /// SPKI in PEM (`PUBLIC KEY`).
    public var pem: String { PEM.encode(spki, label: "PUBLIC KEY") }

    /// The kid as trust lists write it: base64url without padding.
    public var kidText: String { Base64.encode(kid, url: true, padded: false) }

    public var description: String { "PublicKey(\(algorithm.name), kid \(kidText))" }

    public static func == (a: PublicKey, b: PublicKey) -> Bool { a.spki == b.spki }
    public func hash(into h: inout Hasher) { h.combine(spki) }

    /// A P-256 key from its affine coordinates (32 bytes each, as a JWK carries them).
    package init(p256X x: [UInt8], y: [UInt8]) throws(COSEError) {
        guard x.count == 32, y.count == 32, let k = try? P256.Signing.PublicKey(rawRepresentation: x + y) else {
            throw .key("the point is not on P-256")
        }
        self.init(p256: k)
    }

    /// An Ed25519 key from its 32-byte encoding. Non-canonical encodings and the eight points
    /// of small order are refused (RFC 8032 §5.1.3; with such a key, R = identity and S = 0
    /// would verify for any message).
    package init(ed25519 raw: [UInt8]) throws(COSEError) {
        guard raw.count == 32 else { throw .key("an Ed25519 key is 32 bytes") }
        if let why = Ed25519Point.refusal(raw) { throw .key("not a usable Ed25519 key: \(why)") }
        guard let k = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { throw .key("not an Ed25519 key") }
        self.init(validatedEd25519: k)
    }

    /// Reads a DER SubjectPublicKeyInfo: P-256, Ed25519, P-384 or RSA (≥ 2048 bits, for PS256).
    public init(spki der: [UInt8]) throws(COSEError) {
        if der.count == 44, Array(der.prefix(12)) == Ed25519DER.spkiPrefix {
            try self.init(ed25519: Array(der.suffix(32)))
        } else if let k = try? P256.Signing.PublicKey(derRepresentation: der) {
            self.init(p256: k)
        } else if let k = try? P384.Signing.PublicKey(derRepresentation: der) {
            self.init(.p384(k), spki: Array(k.derRepresentation))
        } else if let k = try? _RSA.Signing.PublicKey(derRepresentation: der) {
            self.init(.rsaPSS(k), spki: Array(k.derRepresentation))
        } else {
            throw .key("not a P-256, Ed25519, P-384 or RSA public key")
        }
    }

    /// Reads a `PUBLIC KEY` PEM (SPKI).
    public init(pem: String) throws(COSEError) {
        guard let der = PEM.decode(pem, label: "PUBLIC KEY") else {
            throw .key("expected a -----BEGIN PUBLIC KEY----- block (SubjectPublicKeyInfo)")
        }
        try self.init(spki: der)
    }

    /// Verifies a signature over part of a buffer (a signed list's JWS signing input) without copying it.
    package func isValidSignature(_ signature: [UInt8], for message: ArraySlice<UInt8>) -> Bool {
        switch storage {
        case .p256(let k):
            guard signature.count == 64, let sig = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return k.isValidSignature(sig, for: message)
        case .ed25519(let k):
            return signature.count == 64 && k.isValidSignature(signature, for: message)
        case .p384, .rsaPSS:
            return isValidSignature(signature, for: Array(message))
        }
    }

    /// Verifies a signature over `message` with this key's algorithm (ECDSA: r‖s).
    package func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        switch storage {
        case .p256(let k):
            guard signature.count == 64, let sig = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return k.isValidSignature(sig, for: message)
        case .ed25519(let k):
            return signature.count == 64 && k.isValidSignature(signature, for: message)
        case .p384(let k):
            guard signature.count == 96, let sig = try? P384.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return k.isValidSignature(sig, for: message)
        case .rsaPSS(let k):
            return k.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: message, padding: .PSS)
        }
    }

    /// Verifies a signature as generic COSE does (RFC 9053 §2.1): the algorithm fixes the
    /// scheme and the hash (ES256: ECDSA with SHA-256; ES384: ECDSA with SHA-384; EdDSA;
    /// PS256), the key fixes the curve — and so the signature's length, r‖s each as long as
    /// the curve's order. ES256 over a P-384 key is ECDSA P-384 with SHA-256; a scheme the key
    /// cannot do (EdDSA with an EC key, ECDSA with an RSA key, …) is no valid signature. The
    /// signed card's profile is stricter: its verifier takes only the key's own algorithm.
    package func isValidSignature(_ signature: [UInt8], for message: [UInt8], algorithm: COSEAlgorithm) -> Bool {
        switch (algorithm, storage) {
        case (.eddsa, .ed25519), (.ps256, .rsaPSS):
            return isValidSignature(signature, for: message)
        case (.es256, .p256(let k)), (.es384, .p256(let k)):
            guard signature.count == 64, let sig = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return algorithm == .es256 ? k.isValidSignature(sig, for: SHA256.hash(data: message)) : k.isValidSignature(sig, for: SHA384.hash(data: message))
        case (.es256, .p384(let k)), (.es384, .p384(let k)):
            guard signature.count == 96, let sig = try? P384.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return algorithm == .es256 ? k.isValidSignature(sig, for: SHA256.hash(data: message)) : k.isValidSignature(sig, for: SHA384.hash(data: message))
        default:
            return false
        }
    }

    /// The P-256 coordinates or the Ed25519 encoding, for writing a JWK.
    package var jwkMembers: [(String, String)]? {
        switch storage {
        case .p256(let k):
            let raw = Array(k.rawRepresentation)
            return [("kty", "EC"), ("crv", "P-256"), ("x", Base64.encode(Array(raw[0..<32]), url: true, padded: false)),
                    ("y", Base64.encode(Array(raw[32..<64]), url: true, padded: false))]
        case .ed25519(let k):
            return [("kty", "OKP"), ("crv", "Ed25519"), ("x", Base64.encode(Array(k.rawRepresentation), url: true, padded: false))]
        case .p384, .rsaPSS:
            return nil
        }
    }
}

/// The checks on an Ed25519 public key encoding that BoringSSL's verify does not make.
enum Ed25519Point {
    /// p = 2^255 − 19, little-endian.
    static let p: [UInt8] = [0xED] + [UInt8](repeating: 0xFF, count: 30) + [0x7F]
    /// The y coordinates (little-endian, sign bit clear) of the eight points of small order:
    /// 0 and 1 (orders 4 and 1), p − 1 (order 2), and the two of order 8.
    static let smallOrderY: [[UInt8]] = [
        [UInt8](repeating: 0, count: 32),
        [1] + [UInt8](repeating: 0, count: 31),
        [0xEC] + [UInt8](repeating: 0xFF, count: 30) + [0x7F],
        [0x26, 0xE8, 0x95, 0x8F, 0xC2, 0xB2, 0x27, 0xB0, 0x45, 0xC3, 0xF4, 0x89, 0xF2, 0xEF, 0x98, 0xF0,
         0xD5, 0xDF, 0xAC, 0x05, 0xD3, 0xC6, 0x33, 0x39, 0xB1, 0x38, 0x02, 0x88, 0x6D, 0x53, 0xFC, 0x05],
        [0xC7, 0x17, 0x6A, 0x70, 0x3D, 0x4D, 0xD8, 0x4F, 0xBA, 0x3C, 0x0B, 0x76, 0x0D, 0x10, 0x67, 0x0F,
         0x2A, 0x20, 0x53, 0xFA, 0x2C, 0x39, 0xCC, 0xC6, 0x4E, 0xC7, 0xFD, 0x77, 0x92, 0xAC, 0x03, 0x7A],
    ]

    /// Why an encoding must not be used as a key, or `nil` when it may.
    static func refusal(_ raw: [UInt8]) -> String? {
        var y = raw
        y[31] &= 0x7F
        // y ≥ p: a non-canonical encoding of a smaller y (compare from the most significant byte).
        for i in stride(from: 31, through: 0, by: -1) where y[i] != p[i] {
            if y[i] > p[i] { return "a non-canonical encoding (y ≥ 2^255 − 19)" }
            break
        }
        if y == p { return "a non-canonical encoding (y ≥ 2^255 − 19)" }
        if smallOrderY.contains(y) { return "a point of small order" }
        return nil
    }
}

/// The fixed DER around an Ed25519 key (RFC 8410).
enum Ed25519DER {
    /// SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (33 bytes) }
    static let spkiPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]
    /// PKCS#8 v1: SEQUENCE { INTEGER 0, SEQUENCE { OID }, OCTET STRING { OCTET STRING (32) } }
    static let pkcs8Prefix: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70,
                                       0x04, 0x22, 0x04, 0x20]
}
