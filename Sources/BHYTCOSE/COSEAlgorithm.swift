/// A COSE signature algorithm (RFC 9053). Only ES256 and EdDSA (Ed25519) are supported;
/// every other identifier is known here only to be refused by name.
public enum COSEAlgorithm: Int64, Sendable, Hashable, CaseIterable {
    /// ECDSA with P-256 and SHA-256; signature r‖s, 64 bytes.
    case es256 = -7
    /// EdDSA with Ed25519; 64-byte signature.
    case eddsa = -8

    /// The JOSE name (`ES256`, `EdDSA`).
    public var name: String { self == .es256 ? "ES256" : "EdDSA" }

    public init?(name: String) {
        switch name {
        case "ES256": self = .es256
        case "EdDSA": self = .eddsa
        default: return nil
        }
    }

    /// A readable name for any COSE algorithm identifier, to refuse it by name.
    public static func describe(_ id: Int64) -> String {
        switch id {
        case -7: return "ES256"
        case -8: return "EdDSA"
        case -35: return "ES384"
        case -36: return "ES512"
        case -37: return "PS256"
        case -38: return "PS384"
        case -39: return "PS512"
        case -257: return "RS256"
        case -258: return "RS384"
        case -259: return "RS512"
        case 5: return "HMAC 256/256"
        case 0: return "reserved (0)"
        default: return "algorithm \(id)"
        }
    }
}
