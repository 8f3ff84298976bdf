import BHYTCard
import BHYTJSON
import BHYTVerifier
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An append-only JSON-lines log of verdicts at a front desk. Each entry is written with
/// one write(2) and fsync'd before `append` returns, so a power cut loses nothing that
/// was already shown. The log holds personal data: it is created with mode 0600, and a
/// symbolic link or anything but a regular file at its path is refused.
public final class CheckInLog: @unchecked Sendable {
    // `fd` is set once and only read; write(2)/fsync(2) on it are safe from any thread,
    // and callers append from one writer (the desk loop, or the service's log task).
    private let fd: Int32
    public let path: String

    /// Why the log cannot be opened or written.
    public struct LogError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Opens (creating, mode 0600) a log for appending.
    public init(path: String) throws(LogError) {
        let fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o600)
        guard fd >= 0 else {
            let why = errno == ELOOP ? "it is a symbolic link; give the log's real path" : String(cString: strerror(errno))
            throw LogError(description: "cannot open the check-in log \(path): \(why)")
        }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw LogError(description: "the check-in log \(path) is not a regular file; give a file path")
        }
        // Appending to a file that is not a check-in log would damage it (a card list given as
        // --log by mistake): a non-empty file must start with a log entry.
        if st.st_size > 0, !CheckInLog.startsWithEntry(fd) {
            close(fd)
            throw LogError(description: "\(path) is not a check-in log (its first line is no log entry); give a new file or an existing log")
        }
        // Personal data: owner only, whatever an earlier tool left.
        if st.st_mode & 0o077 != 0 { fchmod(fd, 0o600) }
        _ = fcntl(fd, F_SETFL, O_APPEND)
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    /// Whether the file's first line is a log entry (a JSON object with `scannedAt`).
    private static func startsWithEntry(_ fd: Int32) -> Bool {
        var head = [UInt8](repeating: 0, count: 1 << 16)
        let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return false }
        let line = head[..<n].prefix { $0 != 0x0A }
        guard let value = try? JSONParser.parse(Array(line)), value["scannedAt"]?.intValue != nil else { return false }
        return true
    }

    /// Appends one line (no newline inside it); durable on return.
    public func append(line text: String) throws(LogError) {
        let line = Array((text + "\n").utf8)
        var written = 0
        while written < line.count {
            let n = line[written...].withUnsafeBufferPointer { buf in buf.baseAddress.map { write(fd, $0, buf.count) } ?? -1 }
            guard n > 0 else { throw LogError(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
            written += n
        }
        guard fsync(fd) == 0 else { throw LogError(description: "cannot sync \(path): \(String(cString: strerror(errno)))") }
    }

    /// The Vietnam-time date of an instant, `yyyy-MM-dd`: the log's day.
    public static func day(_ seconds: Int64) -> String { CardDate(vietnamDateAt: seconds)?.isoText ?? "?" }

    /// Most bytes read back from the end of a log to count a day (far more than a day of
    /// check-ins at the busiest desk); older lines are not read.
    public static let maximumDayBytes = 64 << 20

    /// Counts per status of a day's check-ins in an existing log (to carry the day's counts over
    /// a restart; repeats are not counted). Reads backwards from the end and stops at the first entry of an earlier day,
    /// so start-up costs a day of lines at most, whatever the log's length.
    public static func counts(in path: String, day: String) -> [VerdictStatus: Int] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { return [:] }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return [:] }
        var counts: [VerdictStatus: Int] = [:]
        var end = Int(st.st_size)
        var carry: [UInt8] = []   // the start of a line whose beginning is in an earlier chunk
        var read = 0
        let chunk = 1 << 16
        while end > 0, read < maximumDayBytes {
            let start = max(0, end - chunk)
            var buffer = [UInt8](repeating: 0, count: end - start)
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(start)) }
            guard n == end - start else { break }
            read += n
            buffer += carry
            // Every complete line in the buffer (the first may be cut unless the chunk starts the file).
            var lines = buffer.split(separator: 0x0A, omittingEmptySubsequences: false)
            carry = start > 0 ? Array(lines.removeFirst()) : []
            for line in lines.reversed() where !line.isEmpty {
                guard let value = try? JSONParser.parse(Array(line)), let d = value["day"]?.stringValue else { continue }
                if d < day { return counts }
                guard d == day, let status = CheckInLog.countedStatus(value) else { continue }
                counts[status, default: 0] += 1
            }
            end = start
        }
        if !carry.isEmpty, let value = try? JSONParser.parse(carry), value["day"]?.stringValue == day,
           let status = CheckInLog.countedStatus(value) {
            counts[status, default: 0] += 1
        }
        return counts
    }

    /// The status a log entry counts for, `nil` for a repeat (see ``FrontDesk/logEntry(_:verdict:at:language:)``).
    private static func countedStatus(_ entry: JSONValue) -> VerdictStatus? {
        if case .bool(true)? = entry["repeat"] { return nil }
        return entry["verdict"]?["status"]?.stringValue.flatMap(VerdictStatus.init(rawValue:))
    }
}
