#if canImport(Glibc)
import Glibc
#endif
import BHYTDesk
import BHYTJSON
import BHYTRecords
import NIOConcurrencyHelpers

/// Check-ins kept on the desk's disk while the records' server cannot be reached (hàng chờ):
/// one JSON line each — `{"key", "desk", "entry"}` — written and synced before the desk is
/// told the check-in is saved, forwarded in order once the server answers, then cleared. Each
/// has a random key that is stored with its record, so that one forwarded just before a crash
/// is not forwarded twice. A last line without its line feed (a crash while writing) was never
/// acknowledged and is left out.
package final class RecordsSpool: Sendable {
    /// One spooled check-in.
    package struct Item: Sendable, Equatable {
        package var key: String
        package var desk: String
        package var entry: String
    }

    package let path: String
    private let state: NIOLockedValueBox<[Item]>
    /// Spooled check-ins are at most this many (a day of a busy desk); beyond it, appends fail
    /// and the desk says so.
    static let capacity = 100_000

    package init(path: String) throws(RecordsError) {
        self.path = path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_APPEND, 0o600)
        guard fd >= 0 else { throw RecordsError(description: "cannot open the records spool \(path): \(String(cString: strerror(errno)))") }
        close(fd)
        guard let bytes = FileBytes.read(path: path, limit: 1 << 30) else {
            throw RecordsError(description: "cannot read the records spool \(path)")
        }
        state = NIOLockedValueBox(try RecordsSpool.items(in: bytes, path: path))
    }

    static func items(in bytes: [UInt8], path: String) throws(RecordsError) -> [Item] {
        var items: [Item] = []
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        lines.removeLast()  // after the last line feed: empty, or a line never acknowledged
        for (n, line) in lines.enumerated() where !line.isEmpty {
            guard let json = try? JSONParser.parse(String(decoding: line, as: UTF8.self)), let key = json["key"]?.stringValue,
                  let desk = json["desk"]?.stringValue, let entry = json["entry"]?.stringValue else {
                throw RecordsError(description: "the records spool \(path), line \(n + 1), is not a spooled check-in")
            }
            items.append(Item(key: key, desk: desk, entry: entry))
        }
        return items
    }

    package var isEmpty: Bool { state.withLockedValue { $0.isEmpty } }
    package var count: Int { state.withLockedValue { $0.count } }

    /// Keeps check-ins until the server answers: written and synced before it returns.
    package func add(entries: [String], desk: String) throws(RecordsError) {
        try state.withLockedValue { (items: inout [Item]) -> Result<Void, RecordsError> in
            guard items.count + entries.count <= RecordsSpool.capacity else {
                return .failure(RecordsError(description: "the records spool \(path) is full (\(items.count) check-ins wait for the server)"))
            }
            var rng = SystemRandomNumberGenerator()
            var new: [Item] = []
            var bytes: [UInt8] = []
            for entry in entries {
                let key = (0..<2).map { _ in String(rng.next() as UInt64, radix: 16) }.joined(separator: "-")
                let item = Item(key: key, desk: desk, entry: entry)
                var w = JSONWriter()
                w.beginObject()
                w.member("key", item.key)
                w.member("desk", item.desk)
                w.member("entry", item.entry)
                w.endObject()
                bytes += w.bytes + [0x0A]
                new.append(item)
            }
            let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
            guard fd >= 0 else { return .failure(RecordsError(description: "cannot write the records spool \(path): \(String(cString: strerror(errno)))")) }
            defer { close(fd) }
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written == bytes.count, fsync(fd) == 0 else {
                return .failure(RecordsError(description: "cannot write the records spool \(path): \(String(cString: strerror(errno)))"))
            }
            items += new
            return .success(())
        }.get()
    }

    /// Hands every spooled check-in to `send` (in order, as one batch); clears the spool once it
    /// returns. When it throws, the spool is kept as it was.
    package func forward(_ send: ([Item]) throws(RecordsError) -> Void) throws(RecordsError) {
        try state.withLockedValue { (items: inout [Item]) -> Result<Void, RecordsError> in
            guard !items.isEmpty else { return .success(()) }
            do throws(RecordsError) {
                try send(items)
            } catch {
                return .failure(error)
            }
            let fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
            guard fd >= 0 else { return .failure(RecordsError(description: "cannot clear the records spool \(path)")) }
            fsync(fd)
            close(fd)
            items = []
            return .success(())
        }.get()
    }
}
