@preconcurrency import Crypto

/// A private key that signs COSE messages: P-256 (ES256) or Ed25519 (EdDSA), the two the
/// signed card uses. Never printed: its description shows only the algorithm and kid.
public struct SigningKey: Sendable, CustomStringConvertible {
    /// The algorithms a signing key can have.
    public enum Algorithm: String, Sendable, Hashable, CaseIterable {
        case es256 = "ES256"
        case eddsa = "EdDSA"

        /// The COSE algorithm.
        package var cose: COSEAlgorithm {
            switch self {
            case .es256: return .es256
            case .eddsa: return .eddsa
            }
        }
    }

    enum Storage: Sendable {
        case es256(P256.Signing.PrivateKey)
        case eddsa(Curve25519.Signing.PrivateKey)
    }

    let storage: Storage
    /// The public half (computed once).
    public let publicKey: PublicKey

    init(storage: Storage) {
        self.storage = storage
        switch storage {
        case .es256(let k): publicKey = PublicKey(p256: k.publicKey)
        // A key generated from a seed is never of small order (the seed is hashed and clamped).
        case .eddsa(let k): publicKey = PublicKey(validatedEd25519: k.publicKey)
        }
    }

    /// A new random key.
    public static func generate(_ algorithm: Algorithm) -> SigningKey {
        switch algorithm {
        case .es256: return SigningKey(storage: .es256(P256.Signing.PrivateKey()))
        case .eddsa: return SigningKey(storage: .eddsa(Curve25519.Signing.PrivateKey()))
        }
    }

    /// A key from its raw private scalar / seed (32 bytes), e.g. for seeded test keys.
    package init(algorithm: Algorithm, rawRepresentation raw: [UInt8]) throws(COSEError) {
        do {
            switch algorithm {
            case .es256: self.init(storage: .es256(try P256.Signing.PrivateKey(rawRepresentation: raw)))
            case .eddsa: self.init(storage: .eddsa(try Curve25519.Signing.PrivateKey(rawRepresentation: raw)))
            }
        } catch {
            throw .key("not a valid \(algorithm.rawValue) private key")
        }
    }

    /// The key's algorithm.
    public var algorithm: Algorithm {
        switch storage {
        case .es256: return .es256
        case .eddsa: return .eddsa
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
    /// An encrypted key (`ENCRYPTED PRIVATE KEY`) is refused with what to do about it.
    public init(pem: String) throws(COSEError) {
        if let der = PEM.decode(pem, label: "PRIVATE KEY") {
            if der.count == 48, Array(der.prefix(16)) == Ed25519DER.pkcs8Prefix {
                try self.init(algorithm: .eddsa, rawRepresentation: Array(der.suffix(32)))
                return
            }
            guard let k = try? P256.Signing.PrivateKey(derRepresentation: der) else {
                throw .key("the private key is neither P-256 nor Ed25519 (PKCS#8)")
            }
            self.init(storage: .es256(k))
        } else if PEM.decode(pem, label: "EC PRIVATE KEY") != nil {
            guard let k = try? P256.Signing.PrivateKey(pemRepresentation: pem) else {
                throw .key("the EC private key is not on P-256")
            }
            self.init(storage: .es256(k))
        } else if PEM.labels(in: pem).contains("ENCRYPTED PRIVATE KEY") || pem.contains("Proc-Type: 4,ENCRYPTED") {
            throw .key("encrypted keys are not supported; decrypt it with: openssl pkey -in KEY.pem -out plain.key.pem (and keep that file private)")
        } else {
            throw .key("expected a -----BEGIN PRIVATE KEY----- block (PKCS#8)")
        }
    }

    /// Signs `message`: ES256 gives r‖s (64 bytes), EdDSA 64 bytes.
    package func signature(for message: [UInt8]) throws(COSEError) -> [UInt8] {
        do {
            switch storage {
            case .es256(let k): return Array(try k.signature(for: message).rawRepresentation)
            case .eddsa(let k): return Array(try k.signature(for: message))
            }
        } catch {
            throw .signing("\(error)")
        }
    }

    public var description: String { "SigningKey(\(algorithm.rawValue), kid \(publicKey.kidText))" }
}
