import BHYTRecords
import Foundation
import GRDB
import NIOConcurrencyHelpers

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
    /// How many check-ins wait (kept in memory: `/healthz` asks often).
    private let waiting: NIOLockedValueBox<Int>
    /// One forward at a time (the timer's and an append's).
    private let forwarding = NIOLock()
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
            // seq never reused (AUTOINCREMENT): a batch is cleared by its numbers, and a check-in
            // spooled after the table emptied can never take one of them.
            migrator.registerMigration("v1: spooled check-ins") { db in
                try db.execute(sql: """
                    CREATE TABLE spooled (seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, desk TEXT NOT NULL, entry TEXT NOT NULL);
                    CREATE TABLE site_secret (id INTEGER PRIMARY KEY CHECK (id = 1), secret BLOB NOT NULL);
                    """)
            }
            try migrator.migrate(db)
            waiting = NIOLockedValueBox(try db.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM spooled") ?? 0 })
        } catch {
            throw RecordsError(description: "cannot open the records spool \(path): \(error)")
        }
    }

    /// A check-in's key: 128 random bits in hex.
    package static func newKey() -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let hex = String(rng.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// Check-ins waiting for the server.
    package var count: Int { waiting.withLockedValue { $0 } }
    package var isEmpty: Bool { count == 0 }

    /// Keeps check-ins (with the keys they were first sent with) until the server answers:
    /// committed before it returns.
    package func add(_ items: [Item]) throws(RecordsError) {
        do {
            try db.write { db in
                let waiting = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM spooled") ?? 0
                guard waiting + items.count <= RecordsSpool.capacity else {
                    throw RecordsError(description: "the records spool \(path) is full (\(waiting) check-ins wait for the server)")
                }
                for item in items {
                    try db.execute(sql: "INSERT INTO spooled (key, desk, entry) VALUES (?, ?, ?)", arguments: [item.key, item.desk, item.entry])
                }
            }
            waiting.withLockedValue { $0 += items.count }
        } catch let error as RecordsError {
            throw error
        } catch {
            throw RecordsError(description: "cannot write the records spool \(path): \(error)")
        }
    }

    /// Keeps a copy of the site secret (for a start while the server is down).
    package func keepSecret(_ bytes: [UInt8]) throws {
        try db.write { try $0.execute(sql: "INSERT OR REPLACE INTO site_secret (id, secret) VALUES (1, ?)", arguments: [Data(bytes)]) }
    }

    /// The site secret's copy, if one was kept.
    package var keptSecret: [UInt8]? {
        (try? db.read { try Data.fetchOne($0, sql: "SELECT secret FROM site_secret WHERE id = 1") }).flatMap { $0 }.map { [UInt8]($0) }
    }

    /// Hands the spooled check-ins to `send` (in order, in batches); deletes each batch once
    /// `send` returns. When it throws, what was not sent stays.
    package func forward(_ send: ([Item]) throws(RecordsError) -> Void) throws(RecordsError) {
        forwarding.lock()
        defer { forwarding.unlock() }
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
                waiting.withLockedValue { $0 = max(0, $0 - batch.count) }
            } catch {
                throw RecordsError(description: "cannot clear the records spool \(path): \(error)")
            }
        }
    }
}
