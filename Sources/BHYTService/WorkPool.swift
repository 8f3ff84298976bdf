import BHYTImage
import NIOPosix
import NIOConcurrencyHelpers

/// Where verifications run: a few threads of their own (the work is CPU-bound — an image
/// can take tens of milliseconds — and never runs on the network threads), admitted only when
/// they can finish within the time limit, and stopped by it.
///
/// Admission is by cost, not only by count: the pool keeps a running estimate of what each
/// kind of work takes (one text, one image) and of the work already admitted; a request whose
/// turn would come too late for its time limit is refused at once (BUSY, 429 with
/// `Retry-After`), so a burst of honest uploads queues within its budget or is told to retry —
/// never left to time out. Admitted work gets a ``Deadline`` (admission + the time limit) that
/// the image decoders stop at, so work past its limit does not run on (nor hold SIGTERM).
final class WorkPool: Sendable {
    enum Failure: Error {
        /// Too much work queued already, or this work's turn would come too late.
        case busy
        /// No verdict within the time limit and its grace: the work did not stop by its deadline.
        case timeLimit
        /// The service is stopping.
        case stopping
    }

    /// What is asked of the pool, for its cost estimate.
    enum Work: Sendable {
        /// `n` card texts.
        case texts(Int)
        /// One image (PNG or JPEG) to read and verify.
        case image
    }

    private struct State {
        var queued = 0
        /// Estimated nanoseconds of the work admitted and not finished.
        var pending: UInt64 = 0
        /// Running estimates (nanoseconds): one text, one image.
        var perText: UInt64 = 200_000
        var perImage: UInt64 = 100_000_000

        func estimate(_ work: Work) -> UInt64 {
            switch work {
            case .texts(let n): return perText &* UInt64(max(1, n))
            case .image: return perImage
            }
        }

        /// Moves the estimate an eighth of the way towards what was measured.
        mutating func learn(_ work: Work, took nanoseconds: UInt64) {
            switch work {
            case .texts(let n):
                let each = nanoseconds / UInt64(max(1, n))
                perText = max(10_000, perText - perText / 8 + each / 8)
            case .image:
                perImage = max(1_000_000, perImage - perImage / 8 + nanoseconds / 8)
            }
        }
    }

    private let pool: NIOThreadPool
    private let state = NIOLockedValueBox(State())
    private let threads: Int
    private let maximumQueued: Int
    private let timeLimit: Duration
    private let timeLimitNanoseconds: UInt64

    init(threads: Int, maximumQueued: Int, timeLimitSeconds: Int) {
        self.threads = max(1, threads)
        pool = NIOThreadPool(numberOfThreads: self.threads)
        pool.start()
        self.maximumQueued = max(1, maximumQueued)
        timeLimit = .seconds(max(1, timeLimitSeconds))
        timeLimitNanoseconds = UInt64(max(1, timeLimitSeconds)) * 1_000_000_000
    }

    /// Work queued or running now.
    var inFlight: Int { state.withLockedValue { $0.queued } }

    /// Runs `body` on the pool and returns its result, or fails with ``Failure``. `body` is
    /// given its deadline; work that cannot start before it is not started (BUSY).
    func run<T: Sendable>(_ work: Work, _ body: @escaping @Sendable (Deadline) -> T) async throws(Failure) -> T {
        let limit = timeLimitNanoseconds
        let threads = UInt64(self.threads)
        let maximumQueued = self.maximumQueued
        let cost = state.withLockedValue { s -> UInt64? in
            let cost = s.estimate(work)
            // Its turn comes after the work admitted before it, shared over the threads; with
            // its own cost it must end within the limit (with a margin for the estimate's error).
            guard s.queued < maximumQueued, (s.pending &+ cost) / threads <= limit / 10 * 8 else { return nil }
            s.queued += 1
            s.pending &+= cost
            return cost
        }
        guard let cost else { throw .busy }
        let admitted = Deadline.now
        let deadline = Deadline(nanoseconds: admitted &+ limit)
        let once = ResumeOnce<T>()
        // The last resort for work that ignores its deadline: answered, though the thread is held.
        let grace = timeLimit + .seconds(2)
        do {
            return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                once.set(continuation)
                let timer = Task {
                    try await Task.sleep(for: grace)
                    once.resume(.failure(Failure.timeLimit))
                }
                pool.submit { [self] poolState in
                    let started = Deadline.now
                    var ran = false
                    defer {
                        let took = Deadline.now &- started
                        state.withLockedValue { s in
                            s.queued -= 1
                            s.pending &-= min(s.pending, cost)
                            // Only work that ran teaches the estimate (work never started took no time).
                            if ran { s.learn(work, took: took) }
                        }
                    }
                    guard case .active = poolState else {
                        timer.cancel()
                        once.resume(.failure(Failure.stopping))
                        return
                    }
                    // Waited past its limit (the estimates were wrong): not started, retry later.
                    guard !deadline.hasPassed else {
                        timer.cancel()
                        once.resume(.failure(Failure.busy))
                        return
                    }
                    let result = body(deadline)
                    ran = true
                    timer.cancel()
                    once.resume(.success(result))
                }
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .stopping
        }
    }

    /// Finishes queued work (each piece bounded by its deadline) and stops the threads.
    func shutdown() async {
        try? await pool.shutdownGracefully()
    }
}

/// A continuation resumed once, by whichever comes first (the result or the time limit).
private final class ResumeOnce<T: Sendable>: Sendable {
    private let state = NIOLockedValueBox<(continuation: CheckedContinuation<T, any Error>?, result: Result<T, any Error>?)>((nil, nil))

    func set(_ continuation: CheckedContinuation<T, any Error>) {
        let early = state.withLockedValue { s -> Result<T, any Error>? in
            if let r = s.result { return r }
            s.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    func resume(_ result: Result<T, any Error>) {
        let continuation = state.withLockedValue { s -> CheckedContinuation<T, any Error>? in
            guard s.result == nil else { return nil }
            s.result = result
            let c = s.continuation
            s.continuation = nil
            return c
        }
        continuation?.resume(with: result)
    }
}
