@preconcurrency import Crypto

/// A public key that can verify COSE signatures: P-256 (ES256) or Ed25519 (EdDSA).
public enum PublicKey: Sendable {
    case es256(P256.Signing.PublicKey)
    case eddsa(Curve25519.Signing.PublicKey)

    /// The algorithm this key verifies.
    public var algorithm: COSEAlgorithm { if case .es256 = self { return .es256 } else { return .eddsa } }

    /// DER SubjectPublicKeyInfo.
    public var spki: [UInt8] {
        switch self {
        case .es256(let k): return Array(k.derRepresentation)
        case .eddsa(let k): return Ed25519DER.spkiPrefix + Array(k.rawRepresentation)
        }
    }

    /// The key id: the first 8 bytes of SHA-256 over the DER SubjectPublicKeyInfo.
    public var kid: [UInt8] { Array(SHA256.hash(data: spki).prefix(8)) }

    /// SPKI in PEM (`PUBLIC KEY`).
    public var pem: String { PEM.encode(spki, label: "PUBLIC KEY") }

    /// Reads a DER SubjectPublicKeyInfo for P-256 or Ed25519.
    public init(spki der: [UInt8]) throws(KeyError) {
        if der.count == 44, Array(der.prefix(12)) == Ed25519DER.spkiPrefix {
            guard let k = try? Curve25519.Signing.PublicKey(rawRepresentation: der.suffix(32)) else { throw .invalidKey("Ed25519 point") }
            self = .eddsa(k)
        } else if let k = try? P256.Signing.PublicKey(derRepresentation: der) {
            self = .es256(k)
        } else {
            throw .unsupported("not a P-256 or Ed25519 public key")
        }
    }

    /// Reads a `PUBLIC KEY` PEM (SPKI).
    public init(pem: String) throws(KeyError) {
        guard let der = PEM.decode(pem, label: "PUBLIC KEY") else {
            throw .notPEM("expected a -----BEGIN PUBLIC KEY----- block")
        }
        try self.init(spki: der)
    }

    /// Verifies a signature over `message` (ES256: r‖s, 64 bytes; EdDSA: 64 bytes).
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == 64 else { return false }
        switch self {
        case .es256(let k):
            guard let sig = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return k.isValidSignature(sig, for: message)
        case .eddsa(let k):
            return k.isValidSignature(signature, for: message)
        }
    }
}

/// A private key that signs: P-256 (ES256) or Ed25519 (EdDSA). Never printed: its
/// description shows only the algorithm and kid.
public struct SigningKey: Sendable, CustomStringConvertible {
    enum Storage: Sendable {
        case es256(P256.Signing.PrivateKey)
        case eddsa(Curve25519.Signing.PrivateKey)
    }

    let storage: Storage

    /// A new random key.
    public static func generate(_ algorithm: COSEAlgorithm) -> SigningKey {
        switch algorithm {
        case .es256: return SigningKey(storage: .es256(P256.Signing.PrivateKey()))
        case .eddsa: return SigningKey(storage: .eddsa(Curve25519.Signing.PrivateKey()))
        }
    }

    /// A key from its raw private scalar / seed (32 bytes), e.g. for seeded test keys.
    public init(algorithm: COSEAlgorithm, rawRepresentation raw: [UInt8]) throws(KeyError) {
        do {
            switch algorithm {
            case .es256: self.init(storage: .es256(try P256.Signing.PrivateKey(rawRepresentation: raw)))
            case .eddsa: self.init(storage: .eddsa(try Curve25519.Signing.PrivateKey(rawRepresentation: raw)))
            }
        } catch {
            throw .invalidKey("not a valid \(algorithm.name) private key")
        }
    }

    init(storage: Storage) { self.storage = storage }

    public var algorithm: COSEAlgorithm { if case .es256 = storage { return .es256 } else { return .eddsa } }

    public var publicKey: PublicKey {
        switch storage {
        case .es256(let k): return .es256(k.publicKey)
        case .eddsa(let k): return .eddsa(k.publicKey)
        }
    }

    /// PKCS#8 (`PRIVATE KEY`) PEM, the form `openssl genpkey` writes.
    public var pkcs8PEM: String {
        switch storage {
        case .es256(let k): return k.pemRepresentation
        case .eddsa(let k): return PEM.encode(Ed25519DER.pkcs8Prefix + Array(k.rawRepresentation), label: "PRIVATE KEY")
        }
    }

    /// Reads a PKCS#8 `PRIVATE KEY` PEM (P-256 or Ed25519), or a SEC1 `EC PRIVATE KEY`.
    public init(pem: String) throws(KeyError) {
        if let der = PEM.decode(pem, label: "PRIVATE KEY") {
            if der.count == 48, Array(der.prefix(16)) == Ed25519DER.pkcs8Prefix {
                try self.init(algorithm: .eddsa, rawRepresentation: Array(der.suffix(32)))
                return
            }
            guard let k = try? P256.Signing.PrivateKey(derRepresentation: der) else {
                throw .unsupported("the private key is neither P-256 nor Ed25519 (PKCS#8)")
            }
            self.init(storage: .es256(k))
        } else if PEM.decode(pem, label: "EC PRIVATE KEY") != nil {
            guard let k = try? P256.Signing.PrivateKey(pemRepresentation: pem) else {
                throw .unsupported("the EC private key is not on P-256")
            }
            self.init(storage: .es256(k))
        } else {
            throw .notPEM("expected a -----BEGIN PRIVATE KEY----- block (PKCS#8)")
        }
    }

    /// Signs `message`: ES256 gives r‖s (64 bytes), EdDSA 64 bytes.
    public func signature(for message: [UInt8]) throws(KeyError) -> [UInt8] {
        do {
            switch storage {
            case .es256(let k): return Array(try k.signature(for: message).rawRepresentation)
            case .eddsa(let k): return Array(try k.signature(for: message))
            }
        } catch {
            throw .signingFailed("\(error)")
        }
    }

    public var description: String { "SigningKey(\(algorithm.name), kid \(Base64.encode(publicKey.kid, url: true, padded: false)))" }
}

/// Why a key could not be read or used.
public enum KeyError: Error, Sendable, Hashable, CustomStringConvertible {
    case notPEM(String)
    case unsupported(String)
    case invalidKey(String)
    case signingFailed(String)

    public var description: String {
        switch self {
        case .notPEM(let s), .unsupported(let s), .invalidKey(let s): return s
        case .signingFailed(let s): return "signing failed: \(s)"
        }
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
