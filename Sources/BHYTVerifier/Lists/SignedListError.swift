import BHYTCard
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

    package var description: String { "\(message(.en)) [\(reason)]" }
}
