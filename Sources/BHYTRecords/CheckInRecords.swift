import BHYTCard
import BHYTDesk
import BHYTJSON
import BHYTVerifier
import Crypto
import Foundation
import GRDB

/// Check-in records (sổ tiếp đón) in an SQLite database: one row a check-in, in the order they
/// were made, each carrying the hash of the one before it, so that an edited, inserted or
/// deleted row shows (``verifyChain()``). A row is committed (WAL, `synchronous = FULL`) before
/// ``append(entry:desk:)`` returns: a check-in the desk was told about survives a crash or a
/// power cut. Several processes may append to one file (SQLite's write lock orders them; the
/// chain stays one line).
package final class CheckInRecords: CheckInStore {
    /// Where the records are, as `--records` names it.
    package let location: String
    /// A pool: reads (a repeat-visit lookup, a report) run beside a commit syncing the disk.
    private let db: DatabasePool
    /// Checkpoints the write-ahead log in the background (never inside a commit).
    private let checkpointer: Checkpointer


    /// Opens (creating, mode 0600: the rows hold card codes) the records at `path`, bringing
    /// the schema up to date. The write-ahead log is checkpointed `checkpointAfter` seconds
    /// after a commit, in the background.
    package init(path: String, checkpointAfter: Double = 1) throws(RecordsError) {
        location = path
        var config = Configuration()
        config.busyMode = .timeout(5)
        config.label = "bhyt records"
        config.prepareDatabase { db in
            // Every commit synced; the log checkpointed by ``Checkpointer``, off the commit path.
            try db.execute(sql: "PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0")
        }
        let existed = FileManager.default.fileExists(atPath: path)
        do {
            db = try DatabasePool(path: path, configuration: config)
            try CheckInRecords.migrator.migrate(db)
            checkpointer = try Checkpointer(path: path, delay: checkpointAfter)
        } catch {
            throw RecordsError(description: "cannot open the check-in records \(path): \(error)")
        }
        if !existed { chmod(path, 0o600) }
    }

    /// The schema, version by version (a version is never changed once released: a new one is added).
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1: check-ins with a hash chain") { db in
            try db.execute(sql: """
                CREATE TABLE checkin (
                    id INTEGER PRIMARY KEY,
                    scanned_at INTEGER NOT NULL,
                    day TEXT NOT NULL,
                    desk TEXT NOT NULL,
                    status TEXT NOT NULL,
                    repeat_scan INTEGER NOT NULL,
                    code TEXT,
                    code_authenticated INTEGER NOT NULL,
                    entry TEXT NOT NULL,
                    prev BLOB NOT NULL,
                    hash BLOB NOT NULL
                );
                CREATE INDEX checkin_day ON checkin(day);
                CREATE INDEX checkin_code ON checkin(code, scanned_at);
                """)
        }
        return m
    }

    /// Appends check-ins in order in one transaction, committed (one sync of the disk for all)
    /// before it returns; their numbers. Every entry is checked first: none is written when one
    /// is no check-in entry.
    @discardableResult
    package func append(entries: [String], desk: String) throws(RecordsError) -> [Int64] {
        var fields: [CheckInFields] = []
        for entry in entries { fields.append(try CheckInFields(entry: entry)) }
        defer { checkpointer.committed() }
        do {
            return try db.writeWithoutTransaction { db -> [Int64] in
                var ids: [Int64] = []
                try db.inTransaction(.immediate) {
                    let last = try Row.fetchOne(db, sql: "SELECT id, hash FROM checkin ORDER BY id DESC LIMIT 1")
                    var prev: [UInt8] = last.map { [UInt8]($0["hash"] as Data) } ?? ChainChecker.genesis
                    var id = last?["id"] as Int64? ?? 0
                    let insert = try db.cachedStatement(sql: """
                        INSERT INTO checkin (id, scanned_at, day, desk, status, repeat_scan, code, code_authenticated, entry, prev, hash)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                    for (entry, f) in zip(entries, fields) {
                        id += 1
                        let hash = ChainChecker.hash(prev: prev, id: id, desk: desk, entry: entry)
                        try insert.execute(arguments: [id, f.scannedAt, f.day, desk, f.status, f.repeatScan, f.code,
                                                       f.codeAuthenticated, entry, Data(prev), Data(hash)])
                        ids.append(id)
                        prev = hash
                    }
                    return .commit
                }
                return ids
            }
        } catch let error as RecordsError {
            throw error
        } catch {
            throw RecordsError(description: "cannot write to the check-in records \(location): \(error)")
        }
    }

    /// Check-ins per status on `day` (YYYY-MM-DD, Vietnam time); repeats are not counted.
    package func counts(day: String) throws(RecordsError) -> [VerdictStatus: Int] {
        do {
            return try db.read { db in
                var out: [VerdictStatus: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM checkin WHERE day = ? AND repeat_scan = 0 GROUP BY status", arguments: [day]) {
                    if let s = VerdictStatus(rawValue: row["status"]) { out[s] = row["n"] }
                }
                return out
            }
        } catch {
            throw RecordsError(description: "cannot read the check-in records \(location): \(error)")
        }
    }

    /// The latest earlier check-in of the same authenticated card within `window` seconds before
    /// `time` that is another visit: at another desk, or at `desk` more than `repeatScan`
    /// seconds before (a scan within that is the same check-in). Its desk and time, or `nil`.
    package func previousVisit(code: String, at time: Int64, desk: String, repeatScan: Int64, window: Int64) throws(RecordsError) -> (desk: String, at: Int64)? {
        do {
            return try db.read { db in
                let row = try Row.fetchOne(db, sql: """
                    SELECT desk, scanned_at FROM checkin
                    WHERE code = ? AND code_authenticated = 1 AND scanned_at >= ? AND scanned_at <= ?
                      AND (desk <> ? OR scanned_at < ?)
                    ORDER BY scanned_at DESC, id DESC LIMIT 1
                    """, arguments: [code, time - window, time, desk, time - repeatScan])
                return row.map { (desk: $0["desk"], at: $0["scanned_at"]) }
            }
        } catch {
            throw RecordsError(description: "cannot read the check-in records \(location): \(error)")
        }
    }

    /// Checks every record against the chain, in order: its hash, the previous record's hash,
    /// numbers without gaps, and the columns it repeats from its entry. (Records cut off at the
    /// end leave no trace in a chain: keep copies, or compare the count with the day's report.)
    package func verifyChain() throws(RecordsError) -> ChainCheck {
        do {
            return try db.read { db in
                var chain = ChainChecker()
                let rows = try Row.fetchCursor(db, sql: "SELECT id, scanned_at, day, desk, status, repeat_scan, code, code_authenticated, entry, prev, hash FROM checkin ORDER BY id")
                while let row = try rows.next() {
                    let columns = CheckInFields(scannedAt: row["scanned_at"], day: row["day"], status: row["status"], repeatScan: row["repeat_scan"],
                                                code: row["code"], codeAuthenticated: row["code_authenticated"])
                    if let broken = chain.check(id: row["id"], desk: row["desk"], entry: row["entry"], prev: [UInt8](row["prev"] as Data),
                                                hash: [UInt8](row["hash"] as Data), columns: columns) {
                        return broken
                    }
                }
                return .holds(count: chain.count)
            }
        } catch {
            throw RecordsError(description: "cannot read the check-in records \(location): \(error)")
        }
    }

    /// Every record in order: its number, desk and entry (for export).
    package func forEach(_ body: (_ id: Int64, _ desk: String, _ entry: String) throws -> Void) throws {
        try db.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT id, desk, entry FROM checkin ORDER BY id")
            while let row = try rows.next() { try body(row["id"], row["desk"], row["entry"]) }
        }
    }
}

extension CheckInRecords {
    /// The site secret, in a file beside the records (`PATH.key`, created on first use).
    package func siteSecret() throws(RecordsError) -> SiteSecret {
        do {
            return try SiteSecret.load(path: location + ".key")
        } catch {
            throw RecordsError(description: "\(error)")
        }
    }
}

extension CheckInRecords {
    /// The report of `day` (YYYY-MM-DD, Vietnam time).
    package func report(day: String) throws(RecordsError) -> DayReport {
        do {
            return try db.read { db in
                var r = DayReport(day: day)
                let base = "FROM checkin WHERE day = ? AND repeat_scan = 0"
                r.total = try Int.fetchOne(db, sql: "SELECT COUNT(*) \(base)", arguments: [day]) ?? 0
                for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n \(base) GROUP BY status", arguments: [day]) {
                    r.byStatus[row["status"]] = row["n"]
                }
                for row in try Row.fetchAll(db, sql: "SELECT desk, COUNT(*) AS n \(base) GROUP BY desk", arguments: [day]) {
                    r.byDesk[row["desk"]] = row["n"]
                }
                for row in try Row.fetchAll(db, sql: "SELECT json_extract(entry, '$.staff.id') AS s, COUNT(*) AS n \(base) AND s IS NOT NULL GROUP BY s", arguments: [day]) {
                    r.byStaff[row["s"]] = row["n"]
                }
                for row in try Row.fetchAll(db, sql: "SELECT ((scanned_at + 25200) % 86400) / 3600 AS h, COUNT(*) AS n \(base) GROUP BY h", arguments: [day]) {
                    r.byHour[row["h"]] = row["n"]
                }
                // Each reason code once per check-in (SQLite's JSON functions over the entry).
                for row in try Row.fetchAll(db, sql: """
                    SELECT code, COUNT(*) AS n FROM (
                        SELECT DISTINCT checkin.id, json_extract(r.value, '$.code') AS code
                        FROM checkin, json_each(checkin.entry, '$.verdict.reasons') AS r
                        WHERE checkin.day = ? AND checkin.repeat_scan = 0)
                    WHERE code IS NOT NULL GROUP BY code
                    """, arguments: [day]) {
                    r.byCode[row["code"]] = row["n"]
                }
                return r
            }
        } catch {
            throw RecordsError(description: "cannot read the check-in records \(location): \(error)")
        }
    }
}
