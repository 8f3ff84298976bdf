#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines from a file descriptor as they arrive, holding at most `maximumLine` bytes of
/// any one line: a longer line is reported as too long (its length counted, its bytes
/// dropped), so one line of 100 MB without a newline costs no more memory than a short one.
/// A line ends at LF, CR LF (files from Windows) or a CR alone (scanners that end each scan
/// with CR): a CR ends its line at once, without waiting to see whether an LF follows. A UTF-8
/// byte-order mark at the start is dropped.
package struct LineReader {
    /// One line: its text, or how long it was when it was too long to keep.
    package enum Line: Sendable, Equatable {
        case text(String)
        case tooLong(bytes: Int)
    }

    private let fd: Int32
    private let maximumLine: Int
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEOF = false
    private var lineNumber = 0
    private var first = true
    /// The last line ended with CR: an LF right after it belongs to that line end.
    private var afterCR = false

    /// Reads from `fd` (not closed here).
    package init(fd: Int32, maximumLine: Int = 1 << 16) {
        self.fd = fd
        self.maximumLine = maximumLine
        buffer = [UInt8](repeating: 0, count: 1 << 16)
    }

    /// The next line and its number (from 1), blocking until one is complete; `nil` at the end
    /// of input (a last line without a newline is still a line). A read error ends the input.
    package mutating func next() -> (number: Int, line: Line)? {
        var kept: [UInt8] = []
        var length = 0
        var sawAny = false
        while true {
            if start < end {
                if afterCR {
                    afterCR = false
                    if buffer[start] == 0x0A { start += 1; continue }
                }
                sawAny = true
                let newline = Self.lineEnd(in: buffer, from: start, to: end)
                if let newline, buffer[newline] == 0x0D { afterCR = true }
                let stop = newline ?? end
                let take = stop - start
                // Room for the line, a byte-order mark and a CR; beyond that only the length is counted.
                let room = maximumLine + 4 - kept.count
                if room > 0 { kept.append(contentsOf: buffer[start..<min(stop, start + room)]) }
                length += take
                start = newline.map { $0 + 1 } ?? end
                if newline != nil { return finish(kept, length) }
                continue
            }
            if atEOF { return sawAny || length > 0 ? finish(kept, length) : nil }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                atEOF = true
                continue
            }
            start = 0
            end = n
        }
    }

    /// The index of the first LF or CR in `buffer[from..<to]`.
    private static func lineEnd(in buffer: [UInt8], from: Int, to: Int) -> Int? {
        buffer.withUnsafeBufferPointer { p in
            var i = from
            while i < to {
                let b = p[i]
                if b == 0x0A || b == 0x0D { return i }
                i += 1
            }
            return nil
        }
    }

    private mutating func finish(_ kept: [UInt8], _ length: Int) -> (number: Int, line: Line) {
        lineNumber += 1
        var bytes = kept[...]
        var total = length
        if first {
            first = false
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3); total -= 3 }
        }
        guard total <= maximumLine else { return (lineNumber, .tooLong(bytes: total)) }
        return (lineNumber, .text(String(decoding: bytes, as: UTF8.self)))
    }
}
