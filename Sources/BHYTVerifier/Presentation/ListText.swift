import BHYTCard
import BHYTCOSE

// The words for refused lists (danh sách bị từ chối), for operators and receptionists, in
// Vietnamese or English: the presentation layer's. The errors themselves carry only a stable
// reason and typed values.

extension JWSError {
    /// The message in English or Vietnamese (technical terms stay as they are).
    package func message(_ lang: Language) -> String {
        let vi = lang == .vi
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

extension SignedListError {
    /// The message in English or Vietnamese (technical terms stay as they are).
    package func message(_ lang: Language) -> String {
        let vi = lang == .vi
        switch self {
        case .jws(let e):
            return e.message(lang)
        case .typeMismatch(let e, let f):
            return vi ? "typ là \"\(f)\", cần \"\(e)\" (nhầm loại danh sách)" : "typ is \"\(f)\", expected \"\(e)\" (the wrong kind of list)"
        case .payload(let s):
            return vi ? "nội dung danh sách đã ký không đúng định dạng: \(s)" : "the signed list's content is malformed: \(s)"
        case .unsigned:
            return vi ? "danh sách không có chữ ký, nhưng đã chỉ định khóa gốc (--root): chỉ chấp nhận danh sách đã ký"
                : "a plain (unsigned) list, but a root key is pinned (--root): only a signed list is accepted"
        case .rollback(let loaded, let offered):
            return vi ? "seq \(offered) nhỏ hơn seq \(loaded) đã nạp: danh sách cũ hơn (quay lui), không dùng"
                : "seq \(offered) is below the loaded list's seq \(loaded): an older list (a rollback), not used"
        case .sequenceReused(let seq):
            return vi ? "seq \(seq) bằng seq của danh sách đã nạp nhưng nội dung khác: mỗi seq chỉ được dùng cho một danh sách, không dùng"
                : "seq \(seq) is the loaded list's seq but the content differs: a seq names one list only, not used"
        }
    }
}

/// A Vietnamese sentence, then a technical detail that exists only in English (a parser's
/// cause) as a sentence of its own, labelled: no sentence mixes the two languages.
package func withTechnicalDetail(_ sentence: String, _ detail: String) -> String {
    "\(sentence). Chi tiết kỹ thuật (tiếng Anh): \(detail)"
}

extension COSEError {
    /// The message for people: the error itself in English; in Vietnamese, what failed, with
    /// the English cause labelled after it.
    package func message(_ lang: Language) -> String {
        guard lang == .vi else { return description }
        switch self {
        case .key(let detail): return withTechnicalDetail("Khóa không đọc được hoặc không dùng được", detail)
        case .trustList(let detail): return withTechnicalDetail("Danh sách tin cậy không đọc được", detail)
        case .signing(let detail): return withTechnicalDetail("Ký không thành công", detail)
        default: return withTechnicalDetail("Dữ liệu COSE không hợp lệ", description)
        }
    }
}

extension RevocationList.LoadError {
    /// The message for people (the line, and the English cause labelled in Vietnamese text).
    package func message(_ lang: Language) -> String {
        lang == .vi ? withTechnicalDetail("Dòng \(line) của danh sách thu hồi không đúng định dạng", reason) : description
    }
}

extension TrustList {
    /// An entry left out of the list (its cause is the list parser's, in English).
    package static func leftOutMessage(_ problem: String, _ lang: Language) -> String {
        lang == .vi ? withTechnicalDetail("Bỏ qua một mục của danh sách tin cậy", problem) : "left out: \(problem)"
    }
}
