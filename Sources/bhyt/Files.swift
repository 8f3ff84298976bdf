#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File writing for the CLI: a file is written whole or not at all (a temporary file in the
/// same folder, renamed into place), only ever replaces a regular file (never follows a
/// symbolic link, never writes into a device or a FIFO), and a key file is only ever a new one.
enum Files {
    /// Why a file was not written (or read), in English and Vietnamese.
    struct WriteError: Error, CustomStringConvertible {
        let en: String
        let vi: String
        var description: String { en }
        func message(_ lang: Language) -> String { lang == .vi ? vi : en }
    }

    /// What is at a path, without following a symbolic link.
    enum Kind { case missing, regular, directory, other }

    static func kind(_ path: String) -> Kind {
        var st = stat()
        guard lstat(path, &st) == 0 else { return .missing }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    static func exists(_ path: String) -> Bool { kind(path) != .missing }

    /// The system's reason for the last failure (errno), in both languages.
    private static func reason() -> (en: String, vi: String) {
        let code = errno
        return (CardInput.describeErrno(code, .en), CardInput.describeErrno(code, .vi))
    }

    /// Writes `bytes` to `path` with `mode`, atomically. `-` is standard output. An existing
    /// path is replaced only when `replace` is set and it is a regular file: a symbolic link,
    /// a device or a FIFO is refused, so a planted link cannot redirect the output.
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644, replace: Bool = false) throws(WriteError) {
        if path == "-" {
            Console.flush()
            try writeAll(1, bytes, path: "standard output")
            return
        }
        switch kind(path) {
        case .missing: break
        case .regular: if !replace { throw exists(path) }
        case .directory: throw WriteError(en: "\(path) is a folder; give a file name", vi: "\(path) là thư mục; hãy cho tên tệp")
        case .other: throw WriteError(en: "\(path) is not a regular file (a link, device or pipe); not writing to it (use - for standard output)",
                                      vi: "\(path) không phải tệp thường (liên kết, thiết bị hay ống); không ghi vào đó (dùng - cho đầu ra chuẩn)")
        }
        let tmp = path + ".tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw cannot("create", "tạo", tmp, reason()) }
        try fill(fd, created: tmp, with: bytes, mode: mode, path: path)
        guard rename(tmp, path) == 0 else {
            let why = reason()
            unlink(tmp)
            throw cannot("write", "ghi", path, why)
        }
    }

    /// Creates an output folder if it is missing; a file in its place is an error.
    static func makeFolder(_ path: String) throws(WriteError) {
        switch kind(path) {
        case .directory: return
        case .missing:
            guard mkdir(path, 0o755) == 0 else { throw cannot("create the folder", "tạo thư mục", path, reason()) }
        case .regular, .other:
            throw WriteError(en: "\(path) is a file, not a folder", vi: "\(path) là tệp, không phải thư mục")
        }
    }

    /// The name (without extension) of an item's file in an output folder: its line number in
    /// its input (names match the line numbers in messages; a refused line leaves a gap), after
    /// the input's number when there are several inputs (`02-000014`). No personal data.
    static func outputName(for item: InputItem, inputs: [String]) -> String {
        let source = item.origin.split(separator: ":").first.map(String.init) ?? ""
        let index = inputs.firstIndex(of: source).map { $0 + 1 } ?? 1
        return (inputs.count > 1 ? numbered(index, width: 2) + "-" : "") + numbered(item.line ?? 1)
    }

    static func write(_ text: String, to path: String, mode: mode_t = 0o644, replace: Bool = false) throws(WriteError) {
        try write(Array(text.utf8), to: path, mode: mode, replace: replace)
    }

    /// Creates a new regular file and writes it (a private key: `O_CREAT | O_EXCL | O_NOFOLLOW`,
    /// so nothing that exists at the path — a file, a link, a FIFO — ever receives the bytes).
    static func createNew(_ bytes: [UInt8], at path: String, mode: mode_t) throws(WriteError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else {
            throw errno == EEXIST ? exists(path) : cannot("create", "tạo", path, reason())
        }
        try fill(fd, created: path, with: bytes, mode: mode, path: path)
    }

    /// Writes all of `bytes` into the file just created at `created` (open as `fd`), sets its
    /// mode, syncs and closes it; on any failure the file is removed. `path` names it in errors.
    private static func fill(_ fd: Int32, created: String, with bytes: [UInt8], mode: mode_t, path: String) throws(WriteError) {
        do {
            try writeAll(fd, bytes, path: path)
        } catch {
            close(fd)
            unlink(created)
            throw error
        }
        fchmod(fd, mode)
        guard fsync(fd) == 0, close(fd) == 0 else {
            let why = reason()
            unlink(created)
            throw cannot("write", "ghi", path, why)
        }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(WriteError) {
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBufferPointer { buf in buf.baseAddress.map { Glibc.write(fd, $0, buf.count) } ?? -1 }
            if n <= 0 { throw cannot("write", "ghi", path, reason()) }
            written += n
        }
    }

    /// A text file (keys, trust lists): at most 16 MiB; the error names the file and the reason.
    static func read(_ path: String) throws(WriteError) -> String {
        do {
            return String(decoding: try FileBytes.contents(of: path, limit: 16 << 20), as: UTF8.self)
        } catch {
            // The error again in Vietnamese (the failure is on the disk: reading again says the same).
            throw WriteError(en: error.description, vi: readError(path, language: .vi) ?? error.description)
        }
    }

    private static func readError(_ path: String, language: Language) -> String? {
        do { _ = try FileBytes.contents(of: path, limit: 16 << 20, language: language); return nil } catch { return error.description }
    }

    private static func exists(_ path: String) -> WriteError {
        WriteError(en: "\(path) exists; not overwriting it", vi: "\(path) đã có; không ghi đè")
    }

    private static func cannot(_ en: String, _ vi: String, _ path: String, _ why: (en: String, vi: String)) -> WriteError {
        WriteError(en: "cannot \(en) \(path): \(why.en)", vi: "không \(vi) được \(path): \(why.vi)")
    }
}

/// Progress on stderr for long runs: a line every `every` items after the first two seconds.
struct Progress {
    let label: String
    let every: Int
    var count = 0
    let start = Clock.now

    init(_ label: String, every: Int = 1000) {
        self.label = label
        self.every = every
    }

    mutating func tick() {
        count += 1
        if count % every == 0, Clock.now - start >= 2 {
            let rate = Double(count) / max(Clock.now - start, 0.001)
            Console.error("\(label): \(count) done (\(Int(rate))/s)")
        }
    }

    func finish() {
        if Clock.now - start >= 2 { Console.error("\(label): \(count) done in \(Int(Clock.now - start)) s") }
    }
}

enum Clock {
    /// Monotonic seconds.
    static var now: Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Wall-clock seconds since the epoch (the only place the CLI reads the real time).
    static var wallSeconds: Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec)
    }
}

/// `--at` and the like: a time as `VietnamTime.parse` reads it (a date is its first second).
struct TimeArgument: ExpressibleByArgument {
    let seconds: Int64
    init?(argument: String) {
        guard let s = VietnamTime.parse(argument) else { return nil }
        seconds = s
    }
}

/// An upper bound given as a time or a date; a date means to the end of that day in Vietnam
/// time, as a card's valid-to date does.
struct EndOfDayTimeArgument: ExpressibleByArgument {
    let seconds: Int64
    init?(argument: String) {
        let t = argument.trimmingCharacters(in: " ")
        if let d = CardDate(isoText: t) ?? CardDate(legacyText: t), d.isFullDate {
            seconds = d.endInVietnam
        } else if let s = VietnamTime.parse(argument) {
            seconds = s
        } else {
            return nil
        }
    }
}

import ArgumentParser
import BHYTCard
import BHYTDesk

/// A duration: a whole number with s, m, h, d or w (`7d`, `12h`), or `0`.
struct DurationArgument: ExpressibleByArgument {
    let seconds: Int64
    init?(argument: String) {
        guard let s = ListFiles.duration(argument) else { return nil }
        seconds = s
    }
}
