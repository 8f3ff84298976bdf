import Dispatch

/// Maps a stream of items on several threads, chunk by chunk, and hands results back in
/// input order: memory is bounded by one chunk whatever the stream's length.
public enum OrderedParallelMap {
    /// Runs `transform` over `items` on `threads` threads, calling `emit` in input order.
    public static func run<S: Sequence, R: Sendable>(
        _ items: S, threads: Int, chunkSize: Int = 4096,
        transform: @escaping @Sendable (S.Element) -> R,
        emit: (S.Element, R) -> Void
    ) where S.Element: Sendable {
        let workers = max(1, threads)
        var iterator = items.makeIterator()
        var chunk: [S.Element] = []
        chunk.reserveCapacity(chunkSize)
        while true {
            chunk.removeAll(keepingCapacity: true)
            while chunk.count < chunkSize, let next = iterator.next() { chunk.append(next) }
            if chunk.isEmpty { return }
            let results = ResultSlots<R>(count: chunk.count)
            let input = chunk
            if workers == 1 || input.count < 2 {
                for i in input.indices { results.set(i, transform(input[i])) }
            } else {
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    var i = worker
                    while i < input.count {
                        results.set(i, transform(input[i]))
                        i += workers
                    }
                }
            }
            for i in input.indices {
                if let r = results.get(i) { emit(input[i], r) }
            }
        }
    }
}

/// Slots written by exactly one thread each, read after all writers are done.
final class ResultSlots<R>: @unchecked Sendable {
    private var slots: [R?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: R) { slots.withUnsafeMutableBufferPointer { $0[i] = value } }
    func get(_ i: Int) -> R? { slots[i] }
}
