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

    package var description: String { "\(message(vietnamese: false)) [\(reason)]" }

    /// The message in English or Vietnamese (technical terms stay as they are).
    package func message(vietnamese vi: Bool) -> String {
        switch self {
        case .tooLarge(let limit):
            return vi ? "lớn hơn \(limit) byte" : "larger than \(limit) bytes"
        case .malformed(let s):
            return vi ? "không phải JWS dạng compact (\(s))" : "not a compact JWS (\(s))"
        case .base64(let part):
            return vi ? "phần \(part) không phải base64url chuẩn" : "the \(part) is not strict base64url"
        case .header(let s):
            return vi ? "header của JWS không hợp lệ: \(s)" : "the JWS header is not accepted: \(s)"
        case .algorithmNone:
            return vi ? "alg \"none\": danh sách không có chữ ký, không bao giờ được chấp nhận"
                : "alg \"none\": an unsigned list is never accepted"
        case .algorithmUnsupported(let a):
            return vi ? "thuật toán \(a) không được chấp nhận (chỉ ES256, EdDSA)" : "algorithm \(a) is not accepted (only ES256, EdDSA)"
        case .algorithmMismatch(let h, let k):
            return vi ? "header ghi alg \(h) nhưng khóa gốc là khóa \(k)" : "the header says alg \(h) but the root key is an \(k) key"
        case .rootUnknown(let kid):
            return vi ? "không khóa gốc nào được chỉ định (--root) có mã khóa \(kid): danh sách không do cơ quan ký, hoặc thiếu khóa gốc mới"
                : "no pinned root key (--root) has kid \(kid): not signed by the agency, or the new root key is missing"
        case .signatureInvalid:
            return vi ? "chữ ký không khớp với khóa gốc: danh sách đã bị sửa hoặc giả mạo"
                : "the signature does not verify with the root key: the list was altered or forged"
        }
    }
}
