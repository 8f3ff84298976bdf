#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File writing for the CLI: new files only (never overwriting a key by accident), with
/// a mode, written to a temporary name and renamed into place.
enum Files {
    struct WriteError: Error, CustomStringConvertible {
        let description: String
    }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// Whether a path exists and is not a regular file (a device such as /dev/stdout, a FIFO).
    static func isSpecial(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) != S_IFREG && (st.st_mode & S_IFMT) != S_IFDIR
    }

    /// Writes `bytes` to `path` atomically with `mode` (a temporary file renamed into place, so
    /// a failure never leaves half a file); refuses to replace an existing file unless `replace`.
    /// A special file (/dev/stdout, a FIFO) is written to directly: renaming over it would replace the device.
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644, replace: Bool = false) throws(WriteError) {
        if isSpecial(path) {
            guard let f = fopen(path, "wb") else { throw WriteError(description: "cannot open \(path)") }
            defer { fclose(f) }
            guard fwrite(bytes, 1, bytes.count, f) == bytes.count else { throw WriteError(description: "cannot write \(path)") }
            return
        }
        if !replace, exists(path) { throw WriteError(description: "\(path) exists; not overwriting it") }
        let tmp = path + ".tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard fd >= 0 else { throw WriteError(description: "cannot create \(tmp): \(String(cString: strerror(errno)))") }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBufferPointer { buf in buf.baseAddress.map { Glibc.write(fd, $0, buf.count) } ?? -1 }
            if n <= 0 {
                let why = String(cString: strerror(errno))
                close(fd)
                unlink(tmp)
                throw WriteError(description: "cannot write \(path): \(why)")
            }
            written += n
        }
        fchmod(fd, mode)
        guard fsync(fd) == 0, close(fd) == 0, rename(tmp, path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(tmp)
            throw WriteError(description: "cannot write \(path): \(why)")
        }
    }

    static func write(_ text: String, to path: String, mode: mode_t = 0o644, replace: Bool = false) throws(WriteError) {
        try write(Array(text.utf8), to: path, mode: mode, replace: replace)
    }

    static func read(_ path: String) throws(WriteError) -> String {
        guard let s = Inputs.readWhole(path) else { throw WriteError(description: "cannot read \(path)") }
        return s
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

/// `--at` and the like: a time as `VietnamTime.parse` reads it.
struct TimeArgument: ExpressibleByArgument {
    let seconds: Int64
    init?(argument: String) {
        guard let s = VietnamTime.parse(argument) else { return nil }
        seconds = s
    }
}

import ArgumentParser
import BHYTCard
