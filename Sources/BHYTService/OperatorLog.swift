import BHYTJSON
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The service's own log on standard error: one JSON object a line (access lines, reloads,
/// start and stop). It never holds card content: no names, numbers or QR text, only routes,
/// statuses, durations and counts.
struct OperatorLog: Sendable {
    /// A field's value: text, or a number (written as a JSON number, never as a string).
    enum Value: Sendable {
        case text(String)
        case number(Int64)
    }

    func write(event: String, _ fields: [(String, Value)]) {
        var w = JSONWriter(capacity: 256)
        w.beginObject()
        w.member("time", ServiceClock.wall)
        w.member("event", event)
        for (k, v) in fields {
            w.key(named: k)
            switch v {
            case .text(let s): w.string(s)
            case .number(let n): w.int(n)
            }
        }
        w.endObject()
        var bytes = w.bytes
        bytes.append(0x0A)
        // One write(2) a line: lines from concurrent requests never interleave.
        OperatorLog.standardError(bytes)
    }

    /// A request: method, route (the known route, never the raw path), status, milliseconds.
    func access(method: String, route: String, status: Int, milliseconds: Double, bytes: Int?) {
        var w = JSONWriter(capacity: 192)
        w.beginObject()
        w.member("time", ServiceClock.wall)
        w.member("event", "request")
        w.member("method", method)
        w.member("route", route)
        w.member("status", Int64(status))
        w.key("ms")
        w.value(.double((milliseconds * 1000).rounded() / 1000))
        w.member("bytes", bytes.map(Int64.init))
        w.endObject()
        var out = w.bytes
        out.append(0x0A)
        OperatorLog.standardError(out)
    }

    private static func standardError(_ bytes: [UInt8]) {
        #if canImport(Glibc)
        _ = bytes.withUnsafeBufferPointer { Glibc.write(2, $0.baseAddress, $0.count) }
        #else
        _ = bytes.withUnsafeBufferPointer { Darwin.write(2, $0.baseAddress, $0.count) }
        #endif
    }
}
