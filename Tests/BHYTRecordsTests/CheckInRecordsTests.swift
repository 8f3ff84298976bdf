import BHYTCard
import BHYTDesk
import BHYTRecords
import BHYTVerifier
import Foundation
import GRDB
import Testing

/// Check-in records in SQLite: appended in order, counted, chained; an edited, deleted or
/// inserted row is named by the chain check; two writers at once keep one chain.
@Suite struct CheckInRecordsTests {
    /// A fresh database file in a folder of its own.
    static func freshPath() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bhyt-records-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("records.sqlite").path
    }

    /// A check-in entry as the desk writes it (status, code, time).
    static func entry(_ status: String, code: String = "DN4790123456789", at: Int64 = 1_740_787_200) -> String {
        #"{"scannedAt":\#(at),"day":"\#(CheckInLog.day(at))","repeat":false,"code":"\#(code)","codeAuthenticated":true,"#
            + #""textSHA256":"00","personalIdHMAC":null,"verdict":{"status":"\#(status)","reasons":[]}}"#
    }

    /// Commits never checkpoint the write-ahead log themselves (that held a commit's check-ins for
    /// tens of milliseconds); the background checkpointer moves it into the database file soon after.
    @Test func theLogIsCheckpointedInTheBackgroundNotByACommit() throws {
        let path = Self.freshPath()
        func size(_ p: String) -> Int { ((try? FileManager.default.attributesOfItem(atPath: p))?[.size] as? Int) ?? 0 }
        let padding = String(repeating: "x", count: 2000)
        func batch(_ n: Int) -> [String] { (0..<100).map { Self.entry("valid", code: "DN47901234\(10000 + n * 100 + $0)\(padding)") } }
        // No background checkpoint for an hour: over 3 MB in 15 commits stays in the log (SQLite's
        // own checkpoint, at 1000 pages, about 4 MB, would have moved it).
        let quiet = try CheckInRecords(path: path, checkpointAfter: 3600)
        for n in 0..<15 { try quiet.append(entries: batch(n), desk: "A") }
        #expect(size(path + "-wal") > 3_000_000)
        #expect(size(path) < 1_000_000)
        // With the checkpoint a moment after a commit, the log reaches the database file.
        let prompt = try CheckInRecords(path: path, checkpointAfter: 0.1)
        try prompt.append(entries: batch(15), desk: "A")
        let deadline = Date().addingTimeInterval(30)
        while size(path) < 3_000_000 && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect(size(path) >= 3_000_000)
        #expect(try prompt.verifyChain() == .holds(count: 1600))
    }

    @Test func appendsCountsAndHolds() throws {
        let path = Self.freshPath()
        let records = try CheckInRecords(path: path)
        for status in ["valid", "valid", "invalid", "unverified"] { try records.append(entry: Self.entry(status), desk: "A") }
        let day = CheckInLog.day(1_740_787_200)
        #expect(try records.counts(day: day) == [.valid: 2, .invalid: 1, .unverified: 1])
        #expect(try records.verifyChain() == .holds(count: 4))
        // Reopened (the schema is not made twice), the chain goes on.
        let again = try CheckInRecords(path: path)
        try again.append(entry: Self.entry("valid"), desk: "B")
        #expect(try again.verifyChain() == .holds(count: 5))
        var desks: [String] = []
        try again.forEach { _, desk, _ in desks.append(desk) }
        #expect(desks == ["A", "A", "A", "A", "B"])
    }

    @Test func anEditedDeletedOrInsertedRecordIsNamed() throws {
        let path = Self.freshPath()
        let records = try CheckInRecords(path: path)
        for _ in 0..<5 { try records.append(entry: Self.entry("invalid"), desk: "A") }
        // Someone with the database file changes an invalid check-in into a valid one.
        let db = try DatabaseQueue(path: path)
        try db.write { try $0.execute(sql: "UPDATE checkin SET status = 'valid' WHERE id = 3") }
        #expect(try records.verifyChain() == .broken(id: 3, reason: "a column differs from its entry (the record was edited)"))
        try db.write { try $0.execute(sql: "UPDATE checkin SET status = 'invalid', entry = replace(entry, 'invalid', 'valid') WHERE id = 3") }
        guard case .broken(3, _) = try records.verifyChain() else { Issue.record("an edited entry was not found"); return }
        try db.write { try $0.execute(sql: "UPDATE checkin SET entry = replace(entry, '\"valid\"', '\"invalid\"') WHERE id = 3") }
        #expect(try records.verifyChain() == .holds(count: 5))
        try db.write { try $0.execute(sql: "DELETE FROM checkin WHERE id = 2") }
        guard case .broken(3, let why) = try records.verifyChain() else { Issue.record("a deleted record was not found"); return }
        #expect(why.contains("record 2 is missing"))
    }

    /// Several check-ins in one commit (the service's group commit): numbered and chained in
    /// order; a batch holding something that is no entry writes none of it.
    @Test func aBatchIsOneCommitInOrder() throws {
        let records = try CheckInRecords(path: Self.freshPath())
        try records.append(entry: Self.entry("valid"), desk: "A")
        #expect(try records.append(entries: [Self.entry("invalid"), Self.entry("valid"), Self.entry("unverified")], desk: "B") == [2, 3, 4])
        #expect(throws: RecordsError.self) { try records.append(entries: [Self.entry("valid"), "{}"], desk: "B") }
        #expect(try records.verifyChain() == .holds(count: 4))
        var statuses: [String] = []
        try records.forEach { _, _, entry in statuses.append(entry.contains(#""status":"invalid""#) ? "invalid" : entry.contains(#""status":"valid""#) ? "valid" : "other") }
        #expect(statuses == ["valid", "invalid", "valid", "other"])
    }

    @Test func refusesWhatIsNoEntry() throws {
        let records = try CheckInRecords(path: Self.freshPath())
        #expect(throws: RecordsError.self) { try records.append(entry: "{\"x\":1}", desk: "A") }
        #expect(throws: RecordsError.self) { try records.append(entry: "not json", desk: "A") }
        #expect(try records.verifyChain() == .holds(count: 0))
    }

    /// Two desks (two connections, as two processes have) appending at once: every check-in
    /// recorded once, one chain.
    @Test func twoWritersKeepOneChain() async throws {
        let path = Self.freshPath()
        let a = try CheckInRecords(path: path), b = try CheckInRecords(path: path)
        await withTaskGroup(of: Void.self) { group in
            for (store, desk) in [(a, "A"), (b, "B")] {
                group.addTask {
                    for i in 0..<100 { _ = try? store.append(entry: Self.entry("valid", at: 1_740_787_200 + Int64(i)), desk: desk) }
                }
            }
        }
        #expect(try a.verifyChain() == .holds(count: 200))
        var perDesk: [String: Int] = [:]
        try a.forEach { _, desk, _ in perDesk[desk, default: 0] += 1 }
        #expect(perDesk == ["A": 100, "B": 100])
    }

    /// An earlier check-in of the same authenticated card: at another desk within the window,
    /// or at this desk after the repeat-scan window; never a scan within that, never an
    /// unauthenticated code, never beyond the window.
    @Test func previousVisits() throws {
        let records = try CheckInRecords(path: Self.freshPath())
        let t: Int64 = 1_740_787_200
        try records.append(entry: Self.entry("valid", code: "HS4010120878811", at: t), desk: "A")
        func previous(_ at: Int64, _ desk: String) throws -> String? {
            try records.previousVisit(code: "HS4010120878811", at: at, desk: desk, repeatScan: 300, window: 4 * 3600).map { "\($0.desk)@\($0.at - t)" }
        }
        #expect(try previous(t + 60, "B") == "A@0")
        #expect(try previous(t + 100, "A") == nil)            // the same check-in, scanned again
        #expect(try previous(t + 400, "A") == "A@0")          // this desk, later: another visit
        #expect(try previous(t + 4 * 3600 + 1, "B") == nil)   // beyond the window
        #expect(try records.previousVisit(code: "DN4790123456789", at: t + 60, desk: "B", repeatScan: 300, window: 14400) == nil)
        // A legacy card's code is not authenticated: never a repeat visit.
        try records.append(entry: Self.entry("unverified", code: "DN4790123456789", at: t).replacingOccurrences(of: "\"codeAuthenticated\":true", with: "\"codeAuthenticated\":false"), desk: "A")
        #expect(try records.previousVisit(code: "DN4790123456789", at: t + 60, desk: "B", repeatScan: 300, window: 14400) == nil)
        #expect(try records.verifyChain() == .holds(count: 2))
    }

    @Test func aFileThatIsNoDatabaseIsRefused() throws {
        let path = Self.freshPath()
        try "hello\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: RecordsError.self) { try CheckInRecords(path: path) }
    }
}
