import BHYTCOSE
/// The signed list in use, for a program that reloads lists while it runs (the service):
/// once a list with `seq` N is loaded, a list with a smaller `seq` is refused (an attacker who
/// can write the file must not bring back an older list that still trusts a retired key or
/// forgets a revocation). A list of the same `seq` must be the same list (same signed
/// content): it is kept, not replaced; one with other content is refused.
package struct ListHolder<Content: Sendable>: Sendable {
    /// The list in use.
    package private(set) var content: Content
    /// Its kind, validity and signer.
    package private(set) var info: SignedListInfo

    /// Holds `content`, the list `info` describes (the first one loaded).
    package init(_ content: Content, info: SignedListInfo) {
        self.content = content
        self.info = info
    }

    /// The highest `seq` loaded so far.
    package var sequence: Int64 { info.validity.sequence }

    /// Replaces the list with a newer one. Returns `false` (and keeps the current list) for the
    /// same list again (same `seq`, same content); throws ``SignedListError/rollback(loaded:offered:)``
    /// for a smaller `seq`, ``SignedListError/sequenceReused(_:)`` for the same `seq` with other content,
    /// and ``SignedListError/typeMismatch(expected:found:)`` for the other kind of list.
    @discardableResult
    package mutating func replace(with content: Content, info newInfo: SignedListInfo) throws(SignedListError) -> Bool {
        guard newInfo.kind == info.kind else { throw .typeMismatch(expected: info.kind.type, found: newInfo.kind.type) }
        let offered = newInfo.validity.sequence
        guard offered >= sequence else { throw .rollback(loaded: sequence, offered: offered) }
        guard offered > sequence else {
            guard newInfo.contentDigest == info.contentDigest else { throw .sequenceReused(offered) }
            return false
        }
        self.content = content
        info = newInfo
        return true
    }
}
