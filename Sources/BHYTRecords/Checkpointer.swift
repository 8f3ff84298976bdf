import Dispatch
import GRDB
import NIOConcurrencyHelpers

/// Moves the records' write-ahead log into the database file off the commit path (a WAL
/// checkpoint copies pages and syncs the database file: done inside a commit, as SQLite does by
/// default, it held the check-ins waiting on that commit for tens of milliseconds). Commits
/// call ``committed()``; at most once a second (by default), on a queue of its own and over a connection of
/// its own, a passive checkpoint runs — it never waits for, nor blocks, a writer.
final class Checkpointer: Sendable {
    private let connection: DatabaseQueue
    private let queue = DispatchQueue(label: "bhyt.records.checkpoint", qos: .utility)
    private let scheduled = NIOLockedValueBox(false)
    /// Seconds from a commit to the checkpoint it schedules.
    private let delay: Double

    init(path: String, delay: Double = 1) throws {
        self.delay = delay
        var config = Configuration()
        config.busyMode = .timeout(1)
        config.label = "bhyt records checkpoint"
        connection = try DatabaseQueue(path: path, configuration: config)
    }

    /// A commit added to the log: a checkpoint follows within a second.
    func committed() {
        let schedule = scheduled.withLockedValue { (s: inout Bool) -> Bool in
            defer { s = true }
            return !s
        }
        guard schedule else { return }
        queue.asyncAfter(deadline: .now() + delay) { [weak self] in
            guard let self else { return }
            self.scheduled.withLockedValue { $0 = false }
            // A busy database is no error: the next commit schedules another checkpoint.
            _ = try? self.connection.writeWithoutTransaction { try $0.checkpoint(.passive) }
        }
    }
}
