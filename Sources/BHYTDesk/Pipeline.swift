/// Runs a stream of items through a transform on several threads and hands the results back
/// in input order, each as soon as it and every one before it is ready.
///
/// A reader thread pulls items (it may block, on a pipe say); workers transform them; the
/// calling thread emits results in order. At most `window` items are between the reader and
/// the emitter, so memory is bounded whatever the stream's length, and the reader waits
/// (back-pressure) when the emitter falls behind. Before the emitter waits for the next
/// result it calls `idle` — the moment to flush output, so a line written to a pipe that
/// stays open gets its answer at once while a file is written in large blocks.
package enum OrderedPipeline {
    /// Runs the pipeline to the end of `source` (called on the reader thread until it returns
    /// `nil`). `transform` runs on `threads` worker threads; `emit` and `idle` on the calling thread.
    /// When no worker thread or no reader thread can be started (a process at its thread
    /// limit), the whole stream runs on the calling thread, one item at a time, in order —
    /// slower, never stuck. `startThread` is for tests.
    package static func run<Input: Sendable, Output: Sendable>(
        threads: Int,
        window: Int = 1024,
        source: @escaping @Sendable () -> Input?,
        transform: @escaping @Sendable (Input) -> Output,
        emit: (Output) -> Void,
        idle: () -> Void = {},
        startThread: (@escaping @Sendable () -> Void) -> WorkerThread? = WorkerThread.start
    ) {
        let state = PipelineState<Input, Output>(window: max(2, window))
        let workers = (0..<max(1, threads)).compactMap { _ in
            startThread {
                while let (sequence, item) = state.nextWork() {
                    state.complete(sequence, transform(item))
                }
            }
        }
        let reader = workers.isEmpty ? nil : startThread {
            var sequence = 0
            while state.waitForRoom(before: sequence) {
                guard let item = source() else { break }
                state.enqueue(item, sequence: sequence)
                sequence += 1
            }
            state.finishReading(total: sequence)
        }
        guard let reader else {
            state.stop()
            for w in workers { w.join() }
            // On this thread alone: each item read, transformed and emitted before the next is
            // read (flushing first, so a pipe that stays open still gets each answer at once).
            while true {
                idle()
                guard let item = source() else { break }
                emit(transform(item))
            }
            return
        }
        var next = 0
        while true {
            guard let result = state.result(next, idle: idle) else { break }
            emit(result)
            next += 1
        }
        state.stop()
        reader.join()
        for w in workers { w.join() }
    }
}

/// The shared state of one pipeline run, every access under one mutex.
///
/// Threads are woken in batches, not once an item: a thread switch costs about as much as the
/// work on a small item, and on a machine with two cores the reader, the workers and the emitter
/// would otherwise spend a fifth of their time waking each other. The emitter is woken when
/// ``batch`` results in a row are ready, or when no more work is queued (so a line on a pipe
/// that stays open is answered at once); a reader held back by a full window is woken when
/// half of it is free.
final class PipelineState<Input: Sendable, Output: Sendable>: @unchecked Sendable {
    // Guarded by `monitor`: the work queue, the ring of results, and the counters.
    private let monitor = Monitor(conditions: 3)
    private static var workAvailable: Int { 0 }
    private static var resultReady: Int { 1 }
    private static var roomAvailable: Int { 2 }
    /// Results in a row that wake a waiting emitter while work is still queued.
    static var batch: Int { 16 }
    private let window: Int
    private var queue: [(Int, Input)] = []
    private var queueHead = 0
    private var slots: [Output?]
    private var emitted = 0
    /// Results ready in a row from `emitted` (a lower bound, extended by `complete`).
    private var readyRun = 0
    private var emitterWaiting = false
    /// Set while the reader waits for room: the `emitted` count that lets it go on.
    private var readerNeeds: Int?
    private var idleWorkers = 0
    private var total: Int?
    private var stopped = false

    init(window: Int) {
        self.window = window
        slots = Array(repeating: nil, count: window)
    }

    /// Reader: waits until item `sequence` fits in the window — once held back, until half the
    /// window is free; `false` once the run is stopped.
    func waitForRoom(before sequence: Int) -> Bool {
        monitor.locked {
            guard sequence - emitted >= window else { return !stopped }
            readerNeeds = sequence - window / 2
            while sequence - emitted >= window && !stopped { monitor.wait(Self.roomAvailable) }
            readerNeeds = nil
            return !stopped
        }
    }

    func enqueue(_ item: Input, sequence: Int) {
        monitor.locked {
            queue.append((sequence, item))
            if idleWorkers > 0 { monitor.signal(Self.workAvailable) }
        }
    }

    func finishReading(total: Int) {
        monitor.locked {
            self.total = total
            monitor.broadcast(Self.workAvailable)
            monitor.broadcast(Self.resultReady)
        }
    }

    /// Worker: the next item, or `nil` when reading has ended and the queue is empty.
    func nextWork() -> (Int, Input)? {
        monitor.locked {
            while queueHead == queue.count {
                if total != nil || stopped { return nil }
                idleWorkers += 1
                monitor.wait(Self.workAvailable)
                idleWorkers -= 1
            }
            let work = queue[queueHead]
            queueHead += 1
            // Drop what was taken once it is half the queue, so the queue stays as small as the window.
            if queueHead > 64 && queueHead * 2 > queue.count {
                queue.removeFirst(queueHead)
                queueHead = 0
            }
            return work
        }
    }

    func complete(_ sequence: Int, _ output: Output) {
        monitor.locked {
            slots[sequence % window] = output
            guard emitterWaiting else { return }
            while readyRun < window && slots[(emitted + readyRun) % window] != nil { readyRun += 1 }
            if readyRun > 0 && (readyRun >= Self.batch || queueHead == queue.count || total != nil) {
                emitterWaiting = false
                monitor.signal(Self.resultReady)
            }
        }
    }

    /// Emitter: result `sequence`, waiting for it (after calling `idle` once, unlocked); `nil` at the end.
    func result(_ sequence: Int, idle: () -> Void) -> Output? {
        monitor.lock()
        var calledIdle = false
        while slots[sequence % window] == nil {
            if let total, sequence >= total { monitor.unlock(); return nil }
            if !calledIdle {
                monitor.unlock()
                idle()
                calledIdle = true
                monitor.lock()
                continue
            }
            emitterWaiting = true
            monitor.wait(Self.resultReady)
            emitterWaiting = false
        }
        let output = slots[sequence % window]
        slots[sequence % window] = nil
        emitted = sequence + 1
        readyRun = max(0, readyRun - 1)
        if let needs = readerNeeds, emitted >= needs {
            readerNeeds = nil
            monitor.signal(Self.roomAvailable)
        }
        monitor.unlock()
        return output
    }

    /// Ends the run early or after the last result: the reader and workers stop waiting.
    func stop() {
        monitor.locked {
            stopped = true
            monitor.broadcast(Self.roomAvailable)
            monitor.broadcast(Self.workAvailable)
        }
    }
}
