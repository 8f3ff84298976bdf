import BHYTCard
import BHYTDesk
import BHYTVerifier
import Foundation
import Testing

/// The ordered parallel pipeline: every item answered exactly once, in order, as soon as it
/// can be; bounded however long the stream. Runs under the thread sanitizer in `make test`.
@Suite struct PipelineTests {
    /// A source of numbers on the reader thread (touched by that thread only).
    final class Counter: @unchecked Sendable {
        private var next = 0
        let limit: Int
        init(_ limit: Int) { self.limit = limit }
        func take() -> Int? {
            guard next < limit else { return nil }
            defer { next += 1 }
            return next
        }
    }

    @Test(arguments: [1, 2, 3, 8])
    func everyItemOnceInOrder(_ threads: Int) {
        let counter = Counter(20_000)
        var out: [Int] = []
        OrderedPipeline.run(threads: threads, window: 64, source: { counter.take() }, transform: { n -> Int in
            // Uneven work, so results finish out of order.
            var x = n
            for _ in 0..<(n % 7) * 50 { x = x &* 31 &+ 7 }
            return n * 2 + (x & 0)
        }, emit: { out.append($0) })
        #expect(out == (0..<20_000).map { $0 * 2 })
    }

    /// No thread can be started (a process at its limit): the stream — far longer than the
    /// window — still runs to its end, in order, on the calling thread. Then only the reader
    /// fails: the same. (Once a worker ran inline and the reader waited for room only the
    /// emitter, not yet running, could make: a hang.)
    @Test func aLongStreamFinishesWhenThreadsCannotStart() {
        final class Starts: @unchecked Sendable {
            var calls = 0
            let allowed: Int
            init(allowed: Int) { self.allowed = allowed }
        }
        for allowed in [0, 2] {  // none; two workers but no reader
            let starts = Starts(allowed: allowed)
            let counter = Counter(5_000)
            var out: [Int] = []
            var idles = 0
            OrderedPipeline.run(threads: 2, window: 16, source: { counter.take() }, transform: { $0 + 1 },
                                emit: { out.append($0) }, idle: { idles += 1 },
                                startThread: { body in
                                    starts.calls += 1
                                    return starts.calls <= starts.allowed ? WorkerThread.start(body) : nil
                                })
            #expect(out == (1...5_000).map { $0 }, "threads allowed: \(allowed)")
            #expect(idles >= 5_000)  // flushed before each read, as a pipe that stays open needs
        }
    }

    @Test func emptyStream() {
        var emitted = 0
        OrderedPipeline.run(threads: 4, source: { nil as Int? }, transform: { $0 }, emit: { _ in emitted += 1 })
        #expect(emitted == 0)
    }

    /// 10^5 mixed lines (signed, legacy, mangled, junk, images' failures, too long), verified on
    /// 2…8 threads, repeated: exactly one verdict per line, in order, the same each time.
    @Test func exactlyOneVerdictPerLineOverAHundredThousandLines() throws {
        let signed = try Fixtures.sample("signed/es256/d2021-k1.txt").trimmingCharacters(in: .newlines)
        let forged = String(signed.dropLast()) + (signed.hasSuffix("1") ? "2" : "1")
        let legacy = try Fixtures.sample("legacy/dn-2016.txt").trimmingCharacters(in: .newlines)
        let kinds = [signed, forged, legacy, InputMethod.telex.type(legacy), "hello", "BHXH1:12", "a|b|c"]
        // Mostly cheap lines (a signature check costs as much as hundreds of them), signed ones throughout.
        let lines: [String] = (0..<100_000).map { (i: Int) -> String in
            let k: Int = i % 97 == 0 ? (i / 97) % 4 : 4 + (i * 7919) % 3
            return kinds[k]
        }
        let verifier = Fixtures.verifier
        let expected = kinds.map { verifier.verify($0).status }
        for threads in [2, 3, 5, 8] {
            let items = LinesSource(lines)
            var statuses: [VerdictStatus] = []
            statuses.reserveCapacity(lines.count)
            OrderedPipeline.run(threads: threads, window: 512, source: { items.next() }, transform: { (i: Int, text: String) in
                (i, verifier.verify(text).status)
            }, emit: { (i: Int, status: VerdictStatus) in
                if i == statuses.count { statuses.append(status) }
            })
            #expect(statuses.count == lines.count, "\(threads) threads")
            #expect(statuses.indices.allSatisfy { statuses[$0] == expected[kinds.firstIndex(of: lines[$0]) ?? 0] }, "\(threads) threads")
        }
    }

    final class LinesSource: @unchecked Sendable {
        let lines: [String]
        var index = 0
        init(_ lines: [String]) { self.lines = lines }
        func next() -> (Int, String)? {
            guard index < lines.count else { return nil }
            defer { index += 1 }
            return (index, lines[index])
        }
    }

    /// An answer leaves as soon as its line has arrived, while the source is still open: the
    /// emitter is called for item n before the source gives item n + 1.
    @Test func answersDoNotWaitForLaterInput() {
        let gate = Gate()
        var seen: [Int] = []
        let source = GatedSource(count: 5, gate: gate)
        OrderedPipeline.run(threads: 2, source: { source.next() }, transform: { $0 }, emit: { n in
            seen.append(n)
            gate.open(n + 1)  // only now may the source produce the next item
        })
        #expect(seen == [0, 1, 2, 3, 4])
    }

    final class Gate: @unchecked Sendable {
        private let condition = NSCondition()
        private var allowed = 0
        func open(_ n: Int) { condition.lock(); allowed = max(allowed, n); condition.broadcast(); condition.unlock() }
        func wait(for n: Int) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            let deadline = Date().addingTimeInterval(10)
            while allowed < n { if !condition.wait(until: deadline) { return false } }
            return true
        }
    }

    final class GatedSource: @unchecked Sendable {
        let count: Int
        let gate: Gate
        var next_ = 0
        init(count: Int, gate: Gate) { self.count = count; self.gate = gate }
        func next() -> Int? {
            guard next_ < count, gate.wait(for: next_) else { return nil }
            defer { next_ += 1 }
            return next_
        }
    }

    /// Lines as they come from a file descriptor: CR LF and a byte-order mark dropped, an
    /// over-long line measured but not kept.
    @Test func lineReaderBoundsAndWindowsFiles() throws {
        let dir = try Fixtures.temporaryFolder()
        let path = dir + "/lines.txt"
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("first\r\nsecond\n".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "7"), count: 300_000) + [0x0A]
        bytes += Array("last without newline".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var reader = LineReader(fd: fd, maximumLine: 8192)
        var got: [LineReader.Line] = []
        while let (_, line) = reader.next() { got.append(line) }
        #expect(got == [.text("first"), .text("second"), .tooLong(bytes: 300_000), .text("last without newline")])
    }
}
