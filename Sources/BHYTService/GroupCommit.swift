import BHYTRecords
import Dispatch
import NIOConcurrencyHelpers

/// Group commit (ghi theo nhóm) for the check-in records: a check-in waits for a commit that
/// holds it; the check-ins that arrive while one commit syncs the disk are committed together
/// by the next. The commits run on a queue of their own (never the desk's thread nor Swift's
/// cooperative threads), one at a time and in arrival order; each waiter is answered by its
/// own commit's outcome.
final class GroupCommit: Sendable {
    private let records: any CheckInStore
    private let desk: String
    private let queue = DispatchQueue(label: "bhyt.records.commit", qos: .userInitiated)
    private let state = NIOLockedValueBox<(waiting: [(entry: String, done: CheckedContinuation<Void, any Error>)], running: Bool)>(([], false))

    init(records: any CheckInStore, desk: String) {
        self.records = records
        self.desk = desk
    }

    /// Returns once `entry` is committed (or throws the commit's error).
    func commit(_ entry: String) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            let start = state.withLockedValue { s -> Bool in
                s.waiting.append((entry, done))
                guard !s.running else { return false }
                s.running = true
                return true
            }
            if start { queue.async { self.drain() } }
        }
    }

    /// Commits what waits, batch after batch, until nothing does.
    private func drain() {
        while true {
            let batch = state.withLockedValue { s -> [(entry: String, done: CheckedContinuation<Void, any Error>)] in
                let b = s.waiting
                s.waiting = []
                if b.isEmpty { s.running = false }
                return b
            }
            guard !batch.isEmpty else { return }
            do {
                try records.append(entries: batch.map(\.entry), desk: desk)
                for item in batch { item.done.resume() }
            } catch {
                for item in batch { item.done.resume(throwing: error) }
            }
        }
    }
}
