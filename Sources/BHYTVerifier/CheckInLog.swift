import BHYTCard
import BHYTJSON
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An append-only JSON-lines log of verdicts at a front desk. Each entry is written with
/// one write(2) and fsync'd before `append` returns, so a power cut loses nothing that
/// was already shown. The log holds personal data: keep it where the clinic keeps records.
public final class CheckInLog: @unchecked Sendable {
    private let fd: Int32
    public let path: String

    public struct OpenError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Opens (creating, mode 0600) a log for appending.
    public init(path: String) throws(OpenError) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw OpenError(description: "cannot open \(path): \(String(cString: strerror(errno)))") }
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    /// Appends one entry: the verdict's JSON with the scan time, as one line; durable on return.
    public func append(_ verdict: Verdict, scannedAt: Int64, language: Language) throws(OpenError) {
        var members: [JSONMember] = [JSONMember("scannedAt", .int(scannedAt)), JSONMember("day", .string(CheckInLog.day(scannedAt)))]
        if case .object(let rest) = verdict.json(language) { members += rest }
        let line = Array((JSONValue.object(members).serialized + "\n").utf8)
        var written = 0
        while written < line.count {
            let n = line[written...].withUnsafeBufferPointer { buf in buf.baseAddress.map { write(fd, $0, buf.count) } ?? -1 }
            guard n > 0 else { throw OpenError(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
            written += n
        }
        guard fsync(fd) == 0 else { throw OpenError(description: "cannot sync \(path): \(String(cString: strerror(errno)))") }
    }

    /// The Vietnam-time date of an instant, `yyyy-MM-dd`: the log's day.
    public static func day(_ seconds: Int64) -> String { CardDate(vietnamDateAt: seconds)?.isoText ?? "?" }

    /// Counts per status of a day's entries in an existing log (to carry the day's counts over a restart).
    public static func counts(in path: String, day: String) -> [VerdictStatus: Int] {
        guard let f = fopen(path, "r") else { return [:] }
        defer { fclose(f) }
        var counts: [VerdictStatus: Int] = [:]
        var line: UnsafeMutablePointer<CChar>?
        var cap = 0
        defer { free(line) }
        while getline(&line, &cap, f) > 0, let l = line {
            guard let value = try? JSONParser.parse(String(cString: l)), value["day"]?.stringValue == day,
                  let status = value["status"]?.stringValue.flatMap(VerdictStatus.init(rawValue:)) else { continue }
            counts[status, default: 0] += 1
        }
        return counts
    }
}
