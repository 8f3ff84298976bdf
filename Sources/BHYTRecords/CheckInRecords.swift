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
package final class CheckInRecords: Sendable {
    /// Where the records are, as `--records` names it.
    package let location: String
    /// A pool: reads (a repeat-visit lookup, a report) run beside a commit syncing the disk.
    private let db: DatabasePool

    /// Why records cannot be opened, written or read (the path and SQLite's reason).
    package struct RecordsError: Error, Sendable, CustomStringConvertible {
        package let description: String
    }

    /// Opens (creating, mode 0600: the rows hold card codes) the records at `path`, bringing
    /// the schema up to date.
    package init(path: String) throws(RecordsError) {
        location = path
        var config = Configuration()
        config.busyMode = .timeout(5)
        config.label = "bhyt records"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let existed = FileManager.default.fileExists(atPath: path)
        do {
            db = try DatabasePool(path: path, configuration: config)
            try CheckInRecords.migrator.migrate(db)
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

    /// The hash of the chain's start (no record before it): 32 zero bytes.
    static let genesis = [UInt8](repeating: 0, count: 32)

    /// A record's hash: SHA-256 of the previous hash, its number, its desk and its entry (the
    /// check-in log's JSON line), each length-prefixed so that no two records hash alike.
    static func hash(prev: [UInt8], id: Int64, desk: String, entry: String) -> [UInt8] {
        var h = SHA256()
        h.update(data: prev)
        for part in [String(id), desk, entry] {
            let bytes = Array(part.utf8)
            h.update(data: withUnsafeBytes(of: UInt64(bytes.count).bigEndian) { Array($0) })
            h.update(data: bytes)
        }
        return Array(h.finalize())
    }

    /// Appends one check-in (the log entry ``FrontDesk/logEntry(_:verdict:at:secret:)`` makes),
    /// committed before it returns; its number.
    @discardableResult
    package func append(entry: String, desk: String) throws(RecordsError) -> Int64 {
        try append(entries: [entry], desk: desk).last ?? 0
    }

    /// Appends check-ins in order in one transaction, committed (one sync of the disk for all)
    /// before it returns; their numbers. Every entry is checked first: none is written when one
    /// is no check-in entry.
    @discardableResult
    package func append(entries: [String], desk: String) throws(RecordsError) -> [Int64] {
        var fields: [Fields] = []
        for entry in entries { fields.append(try CheckInRecords.fields(of: entry)) }
        do {
            return try db.writeWithoutTransaction { db -> [Int64] in
                var ids: [Int64] = []
                try db.inTransaction(.immediate) {
                    let last = try Row.fetchOne(db, sql: "SELECT id, hash FROM checkin ORDER BY id DESC LIMIT 1")
                    var prev: [UInt8] = last.map { [UInt8]($0["hash"] as Data) } ?? CheckInRecords.genesis
                    var id = last?["id"] as Int64? ?? 0
                    let insert = try db.cachedStatement(sql: """
                        INSERT INTO checkin (id, scanned_at, day, desk, status, repeat_scan, code, code_authenticated, entry, prev, hash)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                    for (entry, f) in zip(entries, fields) {
                        id += 1
                        let hash = CheckInRecords.hash(prev: prev, id: id, desk: desk, entry: entry)
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

    /// What a record's columns repeat from its entry (for reports and the repeat check).
    struct Fields {
        var scannedAt: Int64
        var day: String
        var status: String
        /// The same card again within the repeat window (not counted again).
        var repeatScan: Bool
        var code: String?
        /// Whether the code came from an authenticated (signed and verified) card.
        var codeAuthenticated: Bool
    }

    static func fields(of entry: String) throws(RecordsError) -> Fields {
        guard let json = try? JSONParser.parse(entry), case .int(let at)? = json["scannedAt"], let day = json["day"]?.stringValue,
              let status = json["verdict"]?["status"]?.stringValue else {
            throw RecordsError(description: "not a check-in entry (a JSON object with scannedAt, day and verdict.status)")
        }
        guard case .bool(let repeatScan)? = json["repeat"], case .bool(let authenticated)? = json["codeAuthenticated"] else {
            throw RecordsError(description: "not a check-in entry (no repeat or codeAuthenticated flag)")
        }
        return Fields(scannedAt: at, day: day, status: status, repeatScan: repeatScan, code: json["code"]?.stringValue,
                      codeAuthenticated: authenticated)
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

    /// What ``verifyChain()`` found.
    package enum ChainCheck: Sendable, Equatable {
        /// Every record is as it was written (`count` of them).
        case holds(count: Int)
        /// The first record that is not: its number and what is wrong with it.
        case broken(id: Int64, reason: String)
    }

    /// Checks every record against the chain, in order: its hash, the previous record's hash,
    /// numbers without gaps, and the columns it repeats from its entry. (Records cut off at the
    /// end leave no trace in a chain: keep copies, or compare the count with the day's report.)
    package func verifyChain() throws(RecordsError) -> ChainCheck {
        do {
            return try db.read { db in
                var prev = CheckInRecords.genesis
                var expected: Int64 = 1
                var count = 0
                let rows = try Row.fetchCursor(db, sql: "SELECT id, scanned_at, day, desk, status, repeat_scan, code, code_authenticated, entry, prev, hash FROM checkin ORDER BY id")
                while let row = try rows.next() {
                    let id: Int64 = row["id"]
                    guard id == expected else {
                        return .broken(id: id, reason: "record \(expected)\(id > expected + 1 ? "–\(id - 1)" : "") is missing (deleted)")
                    }
                    let entry: String = row["entry"], desk: String = row["desk"]
                    let storedPrev = [UInt8](row["prev"] as Data), storedHash = [UInt8](row["hash"] as Data)
                    guard storedPrev == prev else { return .broken(id: id, reason: "its link to the record before does not match (a record was changed or replaced)") }
                    guard CheckInRecords.hash(prev: prev, id: id, desk: desk, entry: entry) == storedHash else {
                        return .broken(id: id, reason: "its content does not match its hash (the record was edited)")
                    }
                    guard let f = try? CheckInRecords.fields(of: entry), f.scannedAt == row["scanned_at"], f.day == row["day"] as String,
                          f.status == row["status"] as String, f.repeatScan == row["repeat_scan"] as Bool, f.code == row["code"] as String?,
                          f.codeAuthenticated == row["code_authenticated"] as Bool else {
                        return .broken(id: id, reason: "a column differs from its entry (the record was edited)")
                    }
                    prev = storedHash
                    expected += 1
                    count += 1
                }
                return .holds(count: count)
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
    /// Whether a line is a check-in log entry (what ``append(entry:desk:)`` takes).
    package static func isEntry(_ line: String) -> Bool { (try? fields(of: line)) != nil }
}

extension CheckInRecords {
    /// A check-in's verdict with ``ReasonCode/repeatVisit`` when these records hold an earlier
    /// visit of its authenticated card within `window` seconds (at another desk, or at `desk`
    /// more than `repeatScan` seconds ago): the desk and time named. Any other scan, a card whose
    /// code is not authenticated, or records that cannot be read: the verdict as it was.
    package func noteRepeatVisit(_ verdict: Verdict, _ scan: FrontDesk.Scan, desk: String, at time: Int64,
                                 repeatScan: Int64, window: Int64) -> Verdict {
        guard window > 0, scan.outcome == .checkIn, scan.codeAuthenticated, let code = scan.code,
              let previous = try? previousVisit(code: code, at: time, desk: desk, repeatScan: repeatScan, window: window) else {
            return verdict
        }
        return verdict.adding(warning: .repeatVisit, .previousVisit(desk: previous.desk, at: previous.at))
    }
}

/// A day's check-ins counted (báo cáo ngày): the total and the counts by status, reason code,
/// desk and hour (Vietnam time). A repeat scan of the same card is not a check-in.
package struct DayReport: Sendable, Equatable {
    package var day: String
    package var total = 0
    package var byStatus: [String: Int] = [:]
    package var byCode: [String: Int] = [:]
    package var byDesk: [String: Int] = [:]
    /// Staff ID → check-ins it made (`bhyt serve --users`; check-ins without staff are not here).
    package var byStaff: [String: Int] = [:]
    /// Hour of the day (0–23, Vietnam time) → check-ins.
    package var byHour: [Int: Int] = [:]
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

extension DayReport {
    /// The report as one JSON object (keys sorted, hours as two-digit strings).
    package var jsonText: String {
        var w = JSONWriter()
        w.beginObject()
        w.member("day", day)
        w.member("total", Int64(total))
        for (name, counts) in [("byStatus", byStatus), ("byCode", byCode), ("byDesk", byDesk), ("byStaff", byStaff)] {
            w.key(named: name)
            w.beginObject()
            for (k, n) in counts.sorted(by: { $0.key < $1.key }) {
                w.key(named: k)
                w.int(Int64(n))
            }
            w.endObject()
        }
        w.key("byHour")
        w.beginObject()
        for (h, n) in byHour.sorted(by: { $0.key < $1.key }) {
            w.key(named: h < 10 ? "0\(h)" : "\(h)")
            w.int(Int64(n))
        }
        w.endObject()
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }
}
