import BHYTCOSE

/// Why a signed list (trust or revocation, danh sách đã ký) was refused: its JWS, or what the
/// list adds to it (`typ`, payload, sequence). A stable ``reason`` for logs and tests
/// (`LIST_ROLLBACK`, `ROOT_UNKNOWN`, …), and a message in English or Vietnamese.
package enum SignedListError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The JWS itself was refused (form, header, algorithm, root key, signature).
    case jws(JWSError)
    /// The `typ` is not the list kind expected (a revocation list given as a trust list, …).
    case typeMismatch(expected: String, found: String)
    /// The payload is not a signed list of the documented form (docs/FORMAT.md).
    case payload(String)
    /// A plain (unsigned) list where a root key is pinned: only a signed list is accepted.
    case unsigned
    /// A list older (smaller `seq`) than one already loaded: a rollback.
    case rollback(loaded: Int64, offered: Int64)
    /// A list with the `seq` of the one loaded but other content: a `seq` may name one list only
    /// (a replayed number could otherwise bring a removed key back).
    case sequenceReused(Int64)

    /// A stable upper-case reason.
    package var reason: String {
        switch self {
        case .jws(let e): return e.reason
        case .typeMismatch: return "LIST_TYPE_MISMATCH"
        case .payload: return "LIST_PAYLOAD_INVALID"
        case .unsigned: return "LIST_UNSIGNED"
        case .rollback: return "LIST_ROLLBACK"
        case .sequenceReused: return "LIST_SEQ_REUSED"
        }
    }

    package var description: String { "\(message(vietnamese: false)) [\(reason)]" }

    /// The message in English or Vietnamese (technical terms stay as they are).
    package func message(vietnamese vi: Bool) -> String {
        switch self {
        case .jws(let e):
            return e.message(vietnamese: vi)
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
