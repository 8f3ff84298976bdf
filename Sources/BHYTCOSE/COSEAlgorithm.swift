/// A COSE signature algorithm (RFC 9053, RFC 8230) this layer can verify. The signed card
/// (`BHXH1:`) accepts only ES256 and EdDSA; ES384 and PS256 are here so that other COSE
/// profiles (the EU DCC test vectors) run to the end. Every other identifier is known only
/// to be refused by name (``describe(_:)``).
public enum COSEAlgorithm: Int64, Sendable, Hashable, CaseIterable {
    /// ECDSA with P-256 and SHA-256; signature r‖s, 64 bytes.
    case es256 = -7
    /// EdDSA with Ed25519; 64-byte signature.
    case eddsa = -8
    /// ECDSA with P-384 and SHA-384; signature r‖s, 96 bytes.
    case es384 = -35
    /// RSASSA-PSS with SHA-256 and MGF1-SHA-256 (RFC 8230); signature as long as the modulus.
    case ps256 = -37

    /// The JOSE name (`ES256`, `EdDSA`, `ES384`, `PS256`).
    public var name: String {
        switch self {
        case .es256: return "ES256"
        case .eddsa: return "EdDSA"
        case .es384: return "ES384"
        case .ps256: return "PS256"
        }
    }

    /// The algorithm with this JOSE name.
    package init?(name: String) {
        guard let match = COSEAlgorithm.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    /// A readable name for any COSE algorithm identifier, to refuse it by name.
    package static func describe(_ id: Int64) -> String {
        if let known = COSEAlgorithm(rawValue: id) { return known.name }
        switch id {
        case -36: return "ES512"
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
