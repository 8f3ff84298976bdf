#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered output to a file descriptor: bytes collect until ``flush()`` or until 64 KiB are
/// waiting. The pipeline flushes whenever it is about to wait, so an answer to a line that
/// arrived on its own leaves at once, and a batch leaves in large writes. For one thread.
package final class OutputBuffer: @unchecked Sendable {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private let threshold = 1 << 16
    /// Set when a write failed (the reader of a pipe went away, a full disk): later writes are dropped.
    package private(set) var failed = false

    package init(fd: Int32 = 1) {
        self.fd = fd
        buffer.reserveCapacity(threshold * 2)
    }

    package func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= threshold { flush() }
    }

    /// Text for people: every control from input escaped (``TerminalText/message(_:)``).
    package func write(_ text: String) { write(Array(TerminalText.message(text).utf8)) }

    package func flush() {
        var written = 0
        while written < buffer.count, !failed {
            let n = buffer[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { failed = true; break }
            written += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
