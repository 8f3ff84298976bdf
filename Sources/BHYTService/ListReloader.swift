import BHYTCOSE
import BHYTCard
import BHYTDesk
import BHYTVerifier
import NIOConcurrencyHelpers

/// Keeps the lists in force and replaces them without a restart (on SIGHUP, or when a file
/// changes): the new files are loaded and checked first, then swapped in at once; a list
/// that does not load is reported and the old lists stay in force. The one place a check
/// between the old and new lists belongs (e.g. a signed list's `seq` must not go down).
package final class ListReloader: Sendable {
    private let configuration: ServiceConfiguration
    private let current: NIOLockedValueBox<LoadedLists>
    private let last: NIOLockedValueBox<ReloadOutcome?>
    /// The files as they were when a reload last failed: polling does not try (and log) the
    /// same broken files again until they change.
    private let failedFiles = NIOLockedValueBox<[ListFileStamp?]?>(nil)
    /// Held for a whole reload (load, check against the lists in force, swap): a SIGHUP and a
    /// file change at once never swap in an older version after a newer one.
    private let reloading = NIOLockedValueBox(())

    /// What the last reload did.
    package struct ReloadOutcome: Sendable {
        package let at: Int64
        /// `nil` when the new lists are in force; else why the old ones were kept.
        package let error: String?
    }

    /// Loads the lists for the first time (an error here stops the service from starting).
    package init(configuration: ServiceConfiguration, now: Int64) throws(ListFiles.ListError) {
        self.configuration = configuration
        let lists = try ListReloader.load(configuration, now: now)
        current = NIOLockedValueBox(lists)
        last = NIOLockedValueBox(nil)
    }

    /// The lists in force now.
    package var lists: LoadedLists { current.withLockedValue { $0 } }

    /// The last reload's outcome, if any.
    package var lastReload: ReloadOutcome? { last.withLockedValue { $0 } }

    /// What the last poll saw on disk when it differed from the lists in force.
    private let seenChanging = NIOLockedValueBox<[ListFileStamp?]?>(nil)

    /// Whether a list file differs on disk from the version in force and from the version that
    /// last failed to load, and has stayed the same since the previous poll: a file being
    /// written (in place, in pieces, each piece a valid shorter list) is left until it is still.
    package var filesChanged: Bool {
        let lists = self.lists
        let onDisk = stamps()
        guard onDisk != [lists.trustFile, lists.revocationFile] else {
            seenChanging.withLockedValue { $0 = nil }
            return false
        }
        let still = seenChanging.withLockedValue { seen -> Bool in
            defer { seen = onDisk }
            return seen == onDisk
        }
        return still && failedFiles.withLockedValue { $0 } != onDisk
    }

    /// The list files' stamps on disk now: trust, then revocation (`nil` when there is none).
    private func stamps() -> [ListFileStamp?] {
        [ListFileStamp.of(configuration.trustPath), configuration.revokedPath.flatMap(ListFileStamp.of)]
    }

    /// Loads the files again and, when they load, puts them in force. Returns the outcome
    /// (also kept for `/v1/status`).
    @discardableResult
    package func reload(now: Int64) -> ReloadOutcome {
        reloading.withLockedValue { _ in reloadHoldingLock(now: now) }
    }

    private func reloadHoldingLock(now: Int64) -> ReloadOutcome {
        let before = stamps()
        let outcome: ReloadOutcome
        do {
            let new = try ListReloader.load(configuration, now: now)
            if let refusal = refusal(of: new, replacing: lists) {
                outcome = ReloadOutcome(at: now, error: refusal)
            } else if unchanged(new, lists) {
                // The same signed lists again (same seq, same content): the same lists stay in
                // force; only the file stamps are taken, so the next poll does not load them again.
                current.withLockedValue { $0 = $0.withFileStamps(trust: new.trustFile, revocation: new.revocationFile) }
                outcome = ReloadOutcome(at: now, error: nil)
            } else {
                current.withLockedValue { $0 = new }
                outcome = ReloadOutcome(at: now, error: nil)
            }
        } catch {
            outcome = ReloadOutcome(at: now, error: error.description)
        }
        last.withLockedValue { $0 = outcome }
        failedFiles.withLockedValue { $0 = outcome.error == nil ? nil : before }
        return outcome
    }

    /// Whether every signed list in `new` is the one in force (same seq and content) and
    /// there is no plain list that could have changed.
    private func unchanged(_ new: LoadedLists, _ old: LoadedLists) -> Bool {
        guard let nt = new.trustInfo, let ot = old.trustInfo, nt == ot else { return false }
        if new.revocationFile == nil && old.revocationFile == nil { return true }
        guard let nr = new.revocationInfo, let or = old.revocationInfo else { return false }
        return nr == or
    }

    /// Why `new` may not replace `old` (both loaded whole), or `nil` when it may: a signed list
    /// whose `seq` went down (a rollback: an older list that may still trust a retired key or
    /// forget a revocation) or stayed the same with other content (a reused `seq`); a plain
    /// revocation list that lost more than ``ServiceConfiguration/maximumRevocationShrink`` of
    /// its entries (a file cut short while being written, or a list emptied by someone who
    /// cannot sign one).
    private func refusal(of new: LoadedLists, replacing old: LoadedLists) -> String? {
        let vi = configuration.language == .vi
        for (name, path, oldInfo, newInfo) in [("trust", new.trustFile.path, old.trustInfo, new.trustInfo),
                                               ("revocation", new.revocationFile?.path ?? "", old.revocationInfo, new.revocationInfo)] {
            guard let oldInfo, let newInfo else { continue }
            var holder = ListHolder((), info: oldInfo)
            do {
                try holder.replace(with: (), info: newInfo)
            } catch {
                return vi ? "danh sách \(name == "trust" ? "tin cậy" : "thu hồi") \(path) mới bị từ chối (\(error.message(.vi)) [\(error.reason)]): giữ danh sách cũ"
                          : "the new \(name) list \(path) is refused (\(error)): the old lists stay in force"
            }
        }
        // A plain revocation list cannot say it is newer: one that lost many entries at once is
        // more likely cut short (written in place while read) or emptied than a real update.
        if new.revocationInfo == nil, let path = new.revocationFile?.path {
            let before = old.revocations.count, after = new.revocations.count
            let floor = Double(before) * (1 - configuration.maximumRevocationShrink)
            // A few entries removed from a short list is an ordinary update, whatever the share.
            if before > 0, Double(after) < floor, before - after > 10 {
                return vi ? "danh sách thu hồi \(path) mới chỉ còn \(after) mục so với \(before) mục đang dùng (giảm hơn \(Int(configuration.maximumRevocationShrink * 100))%) mà không có chữ ký: có thể tệp đang được ghi dở; giữ danh sách cũ. Danh sách thu hồi ngắn hơn hẳn cần được ký (bhyt revocation sign)"
                          : "the new revocation list \(path) has \(after) entries against \(before) in force (down more than \(Int(configuration.maximumRevocationShrink * 100))%) and is not signed: perhaps written in place while read; the old lists stay in force. A much shorter revocation list must be signed (bhyt revocation sign)"
            }
        }
        return nil
    }

    /// Reads and checks the list files. A file whose size, modification time or inode differs
    /// after the read from before it was being written while read: refused, and read again at
    /// the next poll (when it is still).
    static func load(_ c: ServiceConfiguration, now: Int64) throws(ListFiles.ListError) -> LoadedLists {
        let lists = try loadOnce(c, now: now)
        for (path, stamp) in [(c.trustPath, lists.trustFile), (c.revokedPath, lists.revocationFile)] {
            guard let path, let stamp else { continue }
            if ListFileStamp.of(path) != stamp || stamp.size < 0 {
                throw ListFiles.ListError(description: c.language == .vi
                    ? "tệp danh sách \(path) thay đổi trong lúc đọc (đang được ghi?): chưa dùng, sẽ đọc lại khi tệp ổn định"
                    : "the list file \(path) changed while it was read (being written?): not used; read again once it is still")
            }
        }
        return lists
    }

    private static func loadOnce(_ c: ServiceConfiguration, now: Int64) throws(ListFiles.ListError) -> LoadedLists {
        let trustStamp = ListFileStamp.of(c.trustPath)
        let revocationStamp = c.revokedPath.flatMap(ListFileStamp.of)
        let trust = try ListFiles.trustList(at: c.trustPath, roots: c.roots, language: c.language)
        // A list with no usable key would answer every genuine signed card KEY_UNKNOWN: red at
        // every desk. Not a list to start with, nor to reload (the lists in force stay).
        guard !trust.list.keys.isEmpty else {
            let why = trust.warnings.isEmpty ? "" : " (" + trust.warnings.joined(separator: "; ") + ")"
            throw ListFiles.ListError(description: c.language == .vi
                ? "danh sách tin cậy \(c.trustPath) không có khóa nào dùng được\(why): không thẻ ký số nào có thể hợp lệ; hãy dùng danh sách của cơ quan BHXH"
                : "the trust list \(c.trustPath) has no usable key\(why): no signed card could be valid; install the agency's list")
        }
        var warnings = trust.warnings
        var revocations = RevocationList()
        var revocationInfo: SignedListInfo?
        if let path = c.revokedPath {
            let loaded = try ListFiles.revocationList(at: path, roots: c.roots, language: c.language)
            revocations = loaded.list
            revocationInfo = loaded.info
            warnings += loaded.warnings
        }
        let stamp = trustStamp ?? ListFileStamp(path: c.trustPath, modified: 0, modifiedNanoseconds: 0, size: -1, inode: 0)
        let rStamp = c.revokedPath.map { revocationStamp ?? ListFileStamp(path: $0, modified: 0, modifiedNanoseconds: 0, size: -1, inode: 0) }
        return LoadedLists(trust: trust.list, revocations: revocations, facility: c.facility, trustFile: stamp,
                           revocationFile: rStamp, loadedAt: now, warnings: warnings, trustInfo: trust.info,
                           revocationInfo: revocationInfo, maximumStaleness: c.maximumStaleness)
    }
}
