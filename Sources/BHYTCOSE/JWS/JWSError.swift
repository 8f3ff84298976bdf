/// Why a JWS (RFC 7515, compact form) was refused: a stable ``reason`` for logs and tests, and a
/// message in English and Vietnamese that says what to do. What a signed list adds (its `typ`,
/// payload, sequence) is the lists' own error, in BHYTVerifier.
package enum JWSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Longer than the caller allows.
    case tooLarge(limit: Int)
    /// Not three base64url parts separated by dots.
    case malformed(String)
    /// A part that is not strict base64url (padding, `+`/`/`, white space, stray bits).
    case base64(part: String)
    /// The protected header is not the JSON object this profile allows (duplicate member,
    /// a member not understood such as `crit`, `jwk` or `x5u`, no `kid`, …).
    case header(String)
    /// `alg: none` (an unsigned JWS is never accepted).
    case algorithmNone
    /// An algorithm other than ES256 and EdDSA.
    case algorithmUnsupported(String)
    /// The header's alg is not the algorithm of the root key with its kid.
    case algorithmMismatch(header: String, key: String)
    /// No pinned root key has the header's kid.
    case rootUnknown(kid: String)
    /// The root key with the kid did not make this signature.
    case signatureInvalid

    /// A stable upper-case reason.
    package var reason: String {
        switch self {
        case .tooLarge: return "LIST_TOO_LARGE"
        case .malformed: return "JWS_MALFORMED"
        case .base64: return "JWS_BASE64"
        case .header: return "JWS_HEADER"
        case .algorithmNone: return "JWS_ALG_NONE"
        case .algorithmUnsupported: return "JWS_ALG_UNSUPPORTED"
        case .algorithmMismatch: return "JWS_ALG_MISMATCH"
        case .rootUnknown: return "ROOT_UNKNOWN"
        case .signatureInvalid: return "LIST_SIGNATURE_INVALID"
        }
    }

    /// The reason with its technical detail, in English (the words for people are the
    /// presentation layer's, in BHYTVerifier).
    package var description: String {
        switch self {
        case .tooLarge(let limit): return "\(reason): over \(limit) bytes"
        case .malformed(let s), .header(let s), .algorithmUnsupported(let s): return "\(reason): \(s)"
        case .base64(let part): return "\(reason): \(part)"
        case .algorithmMismatch(let h, let k): return "\(reason): header \(h), key \(k)"
        case .rootUnknown(let kid): return "\(reason): kid \(kid)"
        case .algorithmNone, .signatureInvalid: return reason
        }
    }
}
