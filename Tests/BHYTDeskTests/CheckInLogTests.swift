import BHYTCard
import BHYTDesk
import BHYTVerifier
import Foundation
import Testing

@Suite struct CheckInLogTests {
    @Test func createsPrivateAndAppendsDurably() throws {
        let dir = try Fixtures.temporaryFolder()
        let path = dir + "/checkin.jsonl"
        let log = try CheckInLog(path: path)
        let v = Fixtures.verifier.verify(try Fixtures.sample("legacy/d2021-k1.txt").trimmingCharacters(in: .newlines))
        var desk = FrontDesk(time: Fixtures.july2025)
        let scan = desk.record(v, text: "x", at: Fixtures.july2025)
        try log.append(line: try #require(FrontDesk.logEntry(scan, verdict: v, at: Fixtures.july2025)))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(CheckInLog.counts(in: path, day: "2025-07-01") == [.unverified: 1])
    }

    /// A crash mid-write leaves a last line with no line feed: opening the log sets it aside
    /// (in LOG.partial) before anything is appended, so the next check-in is whole and readable.
    @Test func aPartialLastLineIsSetAsideBeforeTheNextEntry() throws {
        let dir = try Fixtures.temporaryFolder()
        let path = dir + "/checkin.jsonl"
        let whole = #"{"scannedAt":1,"day":"2025-07-01","verdict":{"status":"valid"}}"#
        let partial = #"{"scannedAt":2,"day":"2025-07-01","verd"#
        for start in [whole + "\n" + partial, partial] {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: path + ".partial")
            FileManager.default.createFile(atPath: path, contents: Data(start.utf8))
            let log = try CheckInLog(path: path)
            let repair = try #require(log.repair)
            #expect(repair.bytes == partial.utf8.count && repair.setAsideIn == path + ".partial")
            try log.append(line: #"{"scannedAt":3,"day":"2025-07-01","verdict":{"status":"invalid"}}"#)
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.last == "")
            for line in lines.dropLast() { #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "\(line)") }
            #expect(try String(contentsOfFile: path + ".partial", encoding: .utf8) == partial + "\n")
            #expect(CheckInLog.counts(in: path, day: "2025-07-01")[.invalid] == 1)
        }
        // A log that ends with its line feed needs no repair.
        #expect(try CheckInLog(path: path).repair == nil)
    }

    @Test func refusesLinksAndSpecialFiles() throws {
        let dir = try Fixtures.temporaryFolder()
        let target = dir + "/elsewhere.jsonl"
        FileManager.default.createFile(atPath: target, contents: Data())
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.jsonl", withDestinationPath: target)
        #expect(throws: CheckInLog.LogError.self) { try CheckInLog(path: dir + "/link.jsonl") }
        #expect(mkfifo(dir + "/fifo", 0o600) == 0)
        #expect(throws: CheckInLog.LogError.self) { try CheckInLog(path: dir + "/fifo") }
        #expect(throws: CheckInLog.LogError.self) { try CheckInLog(path: dir) }
        // Reading the day's counts from a link or a FIFO reads nothing (and never blocks).
        #expect(CheckInLog.counts(in: dir + "/link.jsonl", day: "2025-07-01").isEmpty)
        #expect(CheckInLog.counts(in: dir + "/fifo", day: "2025-07-01").isEmpty)
    }

    /// Today's counts come from the end of the log: earlier days are not read, however many.
    @Test func countsReadOnlyTheLastDay() throws {
        let dir = try Fixtures.temporaryFolder()
        let path = dir + "/big.jsonl"
        var text = ""
        for i in 0..<50_000 { text += #"{"scannedAt":\#(i),"day":"2025-06-30","verdict":{"status":"valid"}}"# + "\n" }
        for _ in 0..<3 { text += #"{"scannedAt":1,"day":"2025-07-01","verdict":{"status":"invalid"}}"# + "\n" }
        text += #"{"scannedAt":1,"day":"2025-07-01","verdict":{"status":"valid"}}"# + "\n"
        // A repeat scan is logged for the audit but not counted again.
        text += #"{"scannedAt":2,"day":"2025-07-01","repeat":true,"verdict":{"status":"valid"}}"# + "\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(CheckInLog.counts(in: path, day: "2025-07-01") == [.invalid: 3, .valid: 1])
        #expect(CheckInLog.counts(in: path, day: "2025-06-30") == [.valid: 50_000])  // a day is read whole
        #expect(CheckInLog.counts(in: path, day: "2025-07-02").isEmpty)
        // A torn last line (power cut mid-write) is skipped, not miscounted.
        try (text + #"{"scannedAt":1,"day":"2025-07-01","sta"#).write(toFile: path, atomically: true, encoding: .utf8)
        #expect(CheckInLog.counts(in: path, day: "2025-07-01") == [.invalid: 3, .valid: 1])
    }
}
