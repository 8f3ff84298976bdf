import BHYTCBOR

/// Why COSE bytes, a key or a trust list could not be used: the one error type of `BHYTCOSE`.
public enum COSEError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes are not CBOR (or not deterministic CBOR where that is required).
    case cbor(String)
    /// CBOR, but not a COSE_Sign1 as RFC 9052 and the options require: wrong tag, not a
    /// 4-array, wrong member types, alg unprotected, a critical header not understood, …
    case structure(String)
    /// The protected header has no alg.
    case algorithmMissing
    /// An algorithm this code does not verify, or one the caller's profile refuses, named.
    case algorithmUnsupported(id: Int64, name: String)
    /// No kid in the protected header (nor, with none there, in the unprotected one).
    case kidMissing
    /// A CWT claims set that is malformed or has a claim of the wrong type.
    case claims(String)
    /// A key that cannot be read or must not be used (not PEM, an unsupported type, a point
    /// not on its curve, an Ed25519 key of small order, …).
    case key(String)
    /// Signing failed (the library refused the key or the input).
    case signing(String)
    /// A trust list that cannot be read at all (not JSON, no `keys` array).
    case trustList(String)

    public var description: String {
        switch self {
        case .cbor(let e): return e
        case .structure(let s): return "not a COSE_Sign1: \(s)"
        case .algorithmMissing: return "no alg in the protected header"
        case .algorithmUnsupported(_, let name): return "algorithm \(name) is not accepted"
        case .kidMissing: return "no kid"
        case .claims(let s): return "CWT claims: \(s)"
        case .key(let s): return s
        case .signing(let s): return "signing failed: \(s)"
        case .trustList(let s): return s
        }
    }
}
