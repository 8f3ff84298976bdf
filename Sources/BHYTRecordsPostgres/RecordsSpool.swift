import BHYTRecords
import GRDB

/// Check-ins kept on the desk's machine while the records' server cannot be reached (hàng
/// chờ): a small SQLite database, each check-in committed (`synchronous = FULL`) before the
/// desk is told it is saved, forwarded in order once the server answers, then deleted. Each has
/// a random key that is stored with its record, so that one forwarded just before a crash is
/// not forwarded twice.
package final class RecordsSpool: Sendable {
    /// One spooled check-in.
    package struct Item: Sendable, Equatable {
        package var key: String
        package var desk: String
        package var entry: String
    }

    package let path: String
    private let db: DatabaseQueue
    /// Spooled check-ins are at most this many (days of a busy desk); beyond it, appends fail
    /// and the desk says so.
    static let capacity = 200_000

    package init(path: String) throws(RecordsError) {
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(5)
        config.label = "bhyt records spool"
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        do {
            db = try DatabaseQueue(path: path, configuration: config)
            var migrator = DatabaseMigrator()
            migrator.registerMigration("v1: spooled check-ins") { db in
                try db.execute(sql: "CREATE TABLE spooled (seq INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, desk TEXT NOT NULL, entry TEXT NOT NULL)")
            }
            try migrator.migrate(db)
        } catch {
            throw RecordsError(description: "cannot open the records spool \(path): \(error)")
        }
    }

    /// Check-ins waiting for the server.
    package var count: Int { (try? db.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM spooled") ?? 0 }) ?? 0 }
    package var isEmpty: Bool { count == 0 }

    /// Keeps check-ins until the server answers: committed before it returns.
    package func add(entries: [String], desk: String) throws(RecordsError) {
        var rng = SystemRandomNumberGenerator()
        do {
            try db.write { db in
                let waiting = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM spooled") ?? 0
                guard waiting + entries.count <= RecordsSpool.capacity else {
                    throw RecordsError(description: "the records spool \(path) is full (\(waiting) check-ins wait for the server)")
                }
                for entry in entries {
                    let key = (0..<2).map { _ in String(rng.next() as UInt64, radix: 16) }.joined(separator: "-")
                    try db.execute(sql: "INSERT INTO spooled (key, desk, entry) VALUES (?, ?, ?)", arguments: [key, desk, entry])
                }
            }
        } catch let error as RecordsError {
            throw error
        } catch {
            throw RecordsError(description: "cannot write the records spool \(path): \(error)")
        }
    }

    /// Hands the spooled check-ins to `send` (in order, in batches); deletes each batch once
    /// `send` returns. When it throws, what was not sent stays.
    package func forward(_ send: ([Item]) throws(RecordsError) -> Void) throws(RecordsError) {
        while true {
            let batch: [(seq: Int64, item: Item)]
            do {
                batch = try db.read { db in
                    try Row.fetchAll(db, sql: "SELECT seq, key, desk, entry FROM spooled ORDER BY seq LIMIT 500").map {
                        (seq: $0["seq"], item: Item(key: $0["key"], desk: $0["desk"], entry: $0["entry"]))
                    }
                }
            } catch {
                throw RecordsError(description: "cannot read the records spool \(path): \(error)")
            }
            guard let last = batch.last else { return }
            try send(batch.map(\.item))
            do {
                try db.write { try $0.execute(sql: "DELETE FROM spooled WHERE seq <= ?", arguments: [last.seq]) }
            } catch {
                throw RecordsError(description: "cannot clear the records spool \(path): \(error)")
            }
        }
    }
}
