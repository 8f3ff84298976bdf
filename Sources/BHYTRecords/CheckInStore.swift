import BHYTCard
import BHYTDesk
import BHYTJSON
import BHYTVerifier
import Crypto

/// Why check-in records cannot be opened, written or read (where, and the database's reason).
package struct RecordsError: Error, Sendable, CustomStringConvertible {
    package let description: String
    package init(description: String) { self.description = description }
}

/// What a chain check found.
package enum ChainCheck: Sendable, Equatable {
    /// Every record is as it was written (`count` of them).
    case holds(count: Int)
    /// The first record that is not: its number and what is wrong with it.
    case broken(id: Int64, reason: String)
}

/// Check-in records (sổ tiếp đón) in a database: SQLite for one desk (``CheckInRecords``),
/// PostgreSQL for a site with several desks and replicas. Every record carries the hash of the
/// one before it (one chain per site), and a record is committed before ``append(entries:desk:)``
/// returns.
package protocol CheckInStore: Sendable {
    /// Where the records are, as `--records` names them (without a password).
    var location: String { get }
    /// Appends check-ins in order, committed before it returns; their numbers. Every entry is
    /// checked first: none is written when one is no check-in entry.
    @discardableResult
    func append(entries: [String], desk: String) throws(RecordsError) -> [Int64]
    /// Check-ins per status on `day` (YYYY-MM-DD, Vietnam time); repeats are not counted.
    func counts(day: String) throws(RecordsError) -> [VerdictStatus: Int]
    /// The latest earlier check-in of the same authenticated card within `window` seconds before
    /// `time` that is another visit: at another desk, or at `desk` more than `repeatScan`
    /// seconds before (a scan within that is the same check-in). Its desk and time, or `nil`.
    func previousVisit(code: String, at time: Int64, desk: String, repeatScan: Int64, window: Int64) throws(RecordsError) -> (desk: String, at: Int64)?
    /// Checks every record against the chain, in order (see ``ChainChecker``).
    func verifyChain() throws(RecordsError) -> ChainCheck
    /// Every record in order: its number, desk and entry (for export).
    func forEach(_ body: (_ id: Int64, _ desk: String, _ entry: String) throws -> Void) throws
    /// The report of `day` (YYYY-MM-DD, Vietnam time).
    func report(day: String) throws(RecordsError) -> DayReport
    /// The site's secret for personal-ID hashes (created on first use; the same for every
    /// desk and replica on these records, so that their hashes compare).
    func siteSecret() throws(RecordsError) -> SiteSecret
    /// Check-ins saved on this machine that wait for the records' server (0 when there is none).
    var spooled: Int { get }
}

extension CheckInStore {
    /// Nothing waits: the records are written where they are kept.
    package var spooled: Int { 0 }

    /// Appends one check-in (the log entry ``FrontDesk/logEntry(_:verdict:at:secret:staff:)`` makes),
    /// committed before it returns; its number.
    @discardableResult
    package func append(entry: String, desk: String) throws(RecordsError) -> Int64 {
        try append(entries: [entry], desk: desk).last ?? 0
    }

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

/// What a record's columns repeat from its entry (for reports and the repeat check).
package struct CheckInFields: Sendable, Equatable {
    package var scannedAt: Int64
    package var day: String
    package var status: String
    /// The same card again within the repeat window (not counted again).
    package var repeatScan: Bool
    package var code: String?
    /// Whether the code came from an authenticated (signed and verified) card.
    package var codeAuthenticated: Bool

    /// The fields of a check-in log entry; an error for anything else.
    package init(entry: String) throws(RecordsError) {
        guard let json = try? JSONParser.parse(entry), case .int(let at)? = json["scannedAt"], let day = json["day"]?.stringValue,
              let status = json["verdict"]?["status"]?.stringValue else {
            throw RecordsError(description: "not a check-in entry (a JSON object with scannedAt, day and verdict.status)")
        }
        guard case .bool(let repeatScan)? = json["repeat"], case .bool(let authenticated)? = json["codeAuthenticated"] else {
            throw RecordsError(description: "not a check-in entry (no repeat or codeAuthenticated flag)")
        }
        self.init(scannedAt: at, day: day, status: status, repeatScan: repeatScan, code: json["code"]?.stringValue, codeAuthenticated: authenticated)
    }

    package init(scannedAt: Int64, day: String, status: String, repeatScan: Bool, code: String?, codeAuthenticated: Bool) {
        (self.scannedAt, self.day, self.status, self.repeatScan, self.code, self.codeAuthenticated) = (scannedAt, day, status, repeatScan, code, codeAuthenticated)
    }

    /// Whether a line is a check-in log entry (what ``CheckInStore/append(entry:desk:)`` takes).
    package static func isEntry(_ line: String) -> Bool { (try? CheckInFields(entry: line)) != nil }
}

/// The hash chain of check-in records, the same in every database: each record's hash is
/// SHA-256 of the previous hash, its number, its desk and its entry (length-prefixed, so that
/// no two records hash alike); the first record's previous hash is 32 zero bytes. Fed the
/// records in order, it names the first that is not as it was written.
package struct ChainChecker: Sendable {
    /// The hash of the chain's start (no record before it): 32 zero bytes.
    package static let genesis = [UInt8](repeating: 0, count: 32)
    private var prev = ChainChecker.genesis
    private var expected: Int64 = 1
    package private(set) var count = 0

    package init() {}

    /// A record's hash.
    package static func hash(prev: [UInt8], id: Int64, desk: String, entry: String) -> [UInt8] {
        var h = SHA256()
        h.update(data: prev)
        for part in [String(id), desk, entry] {
            let bytes = Array(part.utf8)
            h.update(data: withUnsafeBytes(of: UInt64(bytes.count).bigEndian) { Array($0) })
            h.update(data: bytes)
        }
        return Array(h.finalize())
    }

    /// Checks the next record: its number (no gap), its link, its hash and the columns it
    /// repeats from its entry. `nil` when it holds; what is wrong otherwise.
    package mutating func check(id: Int64, desk: String, entry: String, prev storedPrev: [UInt8], hash storedHash: [UInt8],
                                columns: CheckInFields) -> ChainCheck? {
        guard id == expected else {
            return .broken(id: id, reason: "record \(expected)\(id > expected + 1 ? "–\(id - 1)" : "") is missing (deleted)")
        }
        guard storedPrev == prev else { return .broken(id: id, reason: "its link to the record before does not match (a record was changed or replaced)") }
        guard ChainChecker.hash(prev: prev, id: id, desk: desk, entry: entry) == storedHash else {
            return .broken(id: id, reason: "its content does not match its hash (the record was edited)")
        }
        guard let f = try? CheckInFields(entry: entry), f == columns else {
            return .broken(id: id, reason: "a column differs from its entry (the record was edited)")
        }
        prev = storedHash
        expected += 1
        count += 1
        return nil
    }
}
