import BHYTCOSE
import BHYTCard
import BHYTDesk
import BHYTVerifier
import Synchronization

/// Keeps the lists in force and replaces them without a restart (on SIGHUP, or when a file
/// changes): the new files are loaded and checked first, then swapped in at once; a list
/// that does not load is reported and the old lists stay in force. The one place a check
/// between the old and new lists belongs (e.g. a signed list's `seq` must not go down).
package final class ListReloader: Sendable {
    private let configuration: ServiceConfiguration
    private let current: Mutex<LoadedLists>
    private let last: Mutex<ReloadOutcome?>
    /// The files as they were when a reload last failed: polling does not try (and log) the
    /// same broken files again until they change.
    private let failedFiles = Mutex<[ListFileStamp?]?>(nil)
    /// Held for a whole reload (load, check against the lists in force, swap): a SIGHUP and a
    /// file change at once never swap in an older version after a newer one.
    private let reloading = Mutex(())

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
        current = Mutex(lists)
        last = Mutex(nil)
    }

    /// The lists in force now.
    package var lists: LoadedLists { current.withLock { $0 } }

    /// The last reload's outcome, if any.
    package var lastReload: ReloadOutcome? { last.withLock { $0 } }

    /// Whether a list file differs on disk from the version in force, and from the version
    /// that last failed to load.
    package var filesChanged: Bool {
        let lists = self.lists
        let onDisk = stamps()
        if onDisk == [lists.trustFile, lists.revocationFile] { return false }
        return failedFiles.withLock { $0 } != onDisk
    }

    /// The list files' stamps on disk now: trust, then revocation (`nil` when there is none).
    private func stamps() -> [ListFileStamp?] {
        [ListFileStamp.of(configuration.trustPath), configuration.revokedPath.flatMap(ListFileStamp.of)]
    }

    /// Loads the files again and, when they load, puts them in force. Returns the outcome
    /// (also kept for `/v1/status`).
    @discardableResult
    package func reload(now: Int64) -> ReloadOutcome {
        reloading.withLock { _ in reloadHoldingLock(now: now) }
    }

    private func reloadHoldingLock(now: Int64) -> ReloadOutcome {
        let before = stamps()
        let outcome: ReloadOutcome
        do {
            let new = try ListReloader.load(configuration, now: now)
            if let refusal = refusal(of: new, replacing: lists) {
                outcome = ReloadOutcome(at: now, error: refusal)
            } else {
                current.withLock { $0 = new }
                outcome = ReloadOutcome(at: now, error: nil)
            }
        } catch {
            outcome = ReloadOutcome(at: now, error: error.description)
        }
        last.withLock { $0 = outcome }
        failedFiles.withLock { $0 = outcome.error == nil ? nil : before }
        return outcome
    }

    /// Why `new` may not replace `old` (both loaded whole), or `nil` when it may: a signed list
    /// whose `seq` went down (a rollback: an older list that may still trust a retired key or
    /// forget a revocation).
    private func refusal(of new: LoadedLists, replacing old: LoadedLists) -> String? {
        let vi = configuration.language == .vi
        for (name, path, oldInfo, newInfo) in [("trust", new.trustFile.path, old.trustInfo, new.trustInfo),
                                               ("revocation", new.revocationFile?.path ?? "", old.revocationInfo, new.revocationInfo)] {
            guard let oldInfo, let newInfo else { continue }
            var holder = ListHolder((), info: oldInfo)
            do {
                try holder.replace(with: (), info: newInfo)
            } catch {
                return vi ? "danh sách \(name == "trust" ? "tin cậy" : "thu hồi") \(path) mới bị từ chối (\(error)): giữ danh sách cũ"
                          : "the new \(name) list \(path) is refused (\(error)): the old lists stay in force"
            }
        }
        return nil
    }

    /// Reads and checks the list files (stamps taken before reading: a change while reading
    /// is seen at the next poll).
    static func load(_ c: ServiceConfiguration, now: Int64) throws(ListFiles.ListError) -> LoadedLists {
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
