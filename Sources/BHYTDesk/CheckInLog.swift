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
package final class CheckInLog: @unchecked Sendable {
    // `fd` is set once and only read; write(2)/fsync(2) on it are safe from any thread,
    // and callers append from one writer (the desk loop, or the service's log task).
    private let fd: Int32
    package let path: String
    /// What opening the log repaired: a last line cut short by a crash, set aside (nil: nothing).
    package let repair: Repair?
    /// The site's secret for personal-ID hashes (``SiteSecret``), in `LOG.key`.
    package let secret: SiteSecret

    /// A partial last line (no line feed: the process or the machine stopped mid-write),
    /// moved out of the log before anything was appended, so the next entry starts a line of
    /// its own and neither is lost.
    package struct Repair: Sendable, CustomStringConvertible {
        /// The file the partial line was appended to (`LOG.partial`, mode 0600).
        package let setAsideIn: String
        /// Its length in bytes.
        package let bytes: Int

        package var description: String {
            "the check-in log's last line was cut short (\(bytes) bytes, a crash mid-write): moved to \(setAsideIn); the log goes on from the last whole entry"
        }
    }

    /// Why the log cannot be opened or written.
    package struct LogError: Error, CustomStringConvertible {
        package let description: String
        package init(description: String) { self.description = description }
    }

    /// Opens (creating, mode 0600) a log for appending.
    package init(path: String) throws(LogError) {
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
        // --log by mistake): a non-empty file must start with a log entry — or, when a crash
        // cut its only line short, with the start of one. Nothing is changed in a file that is not.
        if st.st_size > 0, !CheckInLog.startsWithEntry(fd), !CheckInLog.startsLikeAnEntry(fd) {
            close(fd)
            throw LogError(description: "\(path) is not a check-in log (its first line is no log entry); give a new file or an existing log")
        }
        // One writer at a time: a second bhyt on the same log (scan beside serve) could cut off
        // the other's entry when it repairs or takes back a short write.
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw LogError(description: "the check-in log \(path) is in use by another bhyt (scan or serve); give each its own log")
        }
        // A last line with no line feed was cut short by a crash: set it aside first, or the
        // next entry would be glued onto it and both lost.
        var repair: Repair?
        if st.st_size > 0 {
            do {
                repair = try CheckInLog.setAsidePartialLine(fd, size: Int(st.st_size), path: path)
            } catch {
                close(fd)
                throw error
            }
        }
        // Personal data: owner only, whatever an earlier tool left.
        if st.st_mode & 0o077 != 0 { fchmod(fd, 0o600) }
        _ = fcntl(fd, F_SETFL, O_APPEND)
        do {
            secret = try SiteSecret.load(path: path + ".key")
        } catch {
            close(fd)
            throw error
        }
        self.fd = fd
        self.path = path
        self.repair = repair
    }

    /// Moves a partial last line (bytes after the last line feed) to `PATH.partial` and cuts
    /// the log back to its last whole line; `nil` when the log ends with a line feed.
    private static func setAsidePartialLine(_ fd: Int32, size: Int, path: String) throws(LogError) -> Repair? {
        var last: UInt8 = 0
        guard pread(fd, &last, 1, off_t(size - 1)) == 1 else {
            throw LogError(description: "cannot read the check-in log \(path): \(String(cString: strerror(errno)))")
        }
        guard last != 0x0A else { return nil }
        // Find the last line feed, reading backwards in chunks.
        var end = size
        var cut = 0
        let chunk = 1 << 16
        search: while end > 0 {
            let start = max(0, end - chunk)
            var buffer = [UInt8](repeating: 0, count: end - start)
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(start)) }
            guard n == end - start else { throw LogError(description: "cannot read the check-in log \(path)") }
            if let i = buffer.lastIndex(of: 0x0A) { cut = start + i + 1; break search }
            end = start
        }
        var partial = [UInt8](repeating: 0, count: size - cut)
        let n = partial.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(cut)) }
        guard n == partial.count else { throw LogError(description: "cannot read the check-in log \(path)") }
        // A whole entry that lacks only its line feed is kept: the line feed is added.
        if let value = try? JSONParser.parse(partial), value["scannedAt"]?.intValue != nil {
            var lf: UInt8 = 0x0A
            guard write(fd, &lf, 1) == 1, fsync(fd) == 0 else {
                throw LogError(description: "cannot repair the check-in log \(path): \(String(cString: strerror(errno)))")
            }
            return nil
        }
        let aside = path + ".partial"
        let afd = open(aside, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard afd >= 0 else {
            throw LogError(description: "the check-in log \(path) ends in a partial line and \(aside) cannot be written to keep it: \(String(cString: strerror(errno)))")
        }
        defer { close(afd) }
        let line = partial + [0x0A]
        let written = line.withUnsafeBytes { write(afd, $0.baseAddress, $0.count) }
        guard written == line.count, fsync(afd) == 0 else {
            throw LogError(description: "cannot write \(aside): \(String(cString: strerror(errno)))")
        }
        // Only once the partial line is safe elsewhere is it cut from the log.
        guard ftruncate(fd, off_t(cut)) == 0, fsync(fd) == 0 else {
            throw LogError(description: "cannot repair the check-in log \(path): \(String(cString: strerror(errno)))")
        }
        return Repair(setAsideIn: aside, bytes: partial.count)
    }

    deinit { close(fd) }

    /// Whether the file starts as an entry does (`{"scannedAt":`), for a log whose only line
    /// was cut short.
    private static func startsLikeAnEntry(_ fd: Int32) -> Bool {
        var head = [UInt8](repeating: 0, count: 64)
        let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0, !head[..<n].contains(0x0A) else { return false }
        return head[..<n].starts(with: Array(#"{"scannedAt":"#.utf8))
    }

    /// Whether the file's first line is a log entry (a JSON object with `scannedAt`).
    private static func startsWithEntry(_ fd: Int32) -> Bool {
        var head = [UInt8](repeating: 0, count: 1 << 16)
        let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return false }
        let line = head[..<n].prefix { $0 != 0x0A }
        guard let value = try? JSONParser.parse(Array(line)), value["scannedAt"]?.intValue != nil else { return false }
        return true
    }

    /// Appends one line (no newline inside it) with one write(2); durable on return. A write
    /// that goes out short (a full disk) is taken back, so the log never ends mid-line.
    package func append(line text: String) throws(LogError) {
        let line = Array((text + "\n").utf8)
        let before = lseek(fd, 0, SEEK_END)
        var n = -1
        repeat {
            n = line.withUnsafeBufferPointer { buf in write(fd, buf.baseAddress, buf.count) }
        } while n < 0 && errno == EINTR
        guard n == line.count else {
            let why = n < 0 ? String(cString: strerror(errno)) : "only \(n) of \(line.count) bytes written (disk full?)"
            if n > 0, before >= 0 { _ = ftruncate(fd, before) }
            throw LogError(description: "cannot write \(path): \(why)")
        }
        guard fsync(fd) == 0 else { throw LogError(description: "cannot sync \(path): \(String(cString: strerror(errno)))") }
    }

    /// The Vietnam-time date of an instant, `yyyy-MM-dd`: the log's day.
    package static func day(_ seconds: Int64) -> String { CardDate(vietnamDateAt: seconds)?.isoText ?? "?" }

    /// Most bytes read back from the end of a log to count a day (far more than a day of
    /// check-ins at the busiest desk); older lines are not read.
    package static let maximumDayBytes = 64 << 20

    /// Counts per status of a day's check-ins in an existing log (to carry the day's counts over
    /// a restart; repeats are not counted). Reads backwards from the end and stops at the first entry of an earlier day,
    /// so start-up costs a day of lines at most, whatever the log's length.
    package static func counts(in path: String, day: String) -> [VerdictStatus: Int] {
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

    /// The status a log entry counts for, `nil` for a repeat (see ``FrontDesk/logEntry(_:verdict:at:)``).
    private static func countedStatus(_ entry: JSONValue) -> VerdictStatus? {
        if case .bool(true)? = entry["repeat"] { return nil }
        return entry["verdict"]?["status"]?.stringValue.flatMap(VerdictStatus.init(rawValue:))
    }
}
