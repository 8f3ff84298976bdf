import NIOPosix
import Synchronization

/// Where verifications run: a few threads of their own (the work is CPU-bound — an image
/// can take tens of milliseconds — and never runs on the network threads), at most
/// `maximumQueued` at once (more are refused at once: BUSY), and a time limit on the wait.
final class WorkPool: Sendable {
    enum Failure: Error {
        /// Too much work queued already.
        case busy
        /// The verdict did not come within the time limit.
        case timeLimit
        /// The service is stopping.
        case stopping
    }

    private let pool: NIOThreadPool
    private let queued = Mutex(0)
    private let maximumQueued: Int
    private let timeLimit: Duration

    init(threads: Int, maximumQueued: Int, timeLimitSeconds: Int) {
        pool = NIOThreadPool(numberOfThreads: max(1, threads))
        pool.start()
        self.maximumQueued = max(1, maximumQueued)
        timeLimit = .seconds(max(1, timeLimitSeconds))
    }

    /// Work queued or running now.
    var inFlight: Int { queued.withLock { $0 } }

    /// Runs `work` on the pool and returns its result, or fails with ``Failure``. Work that
    /// outlives its time limit still finishes (and still counts as queued until it does).
    func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async throws(Failure) -> T {
        let admitted = queued.withLock { n -> Bool in
            guard n < maximumQueued else { return false }
            n += 1
            return true
        }
        guard admitted else { throw .busy }
        let once = ResumeOnce<T>()
        let limit = timeLimit
        do {
            return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                once.set(continuation)
                let timer = Task {
                    try await Task.sleep(for: limit)
                    once.resume(.failure(Failure.timeLimit))
                }
                pool.submit { [self] state in
                    defer { self.queued.withLock { $0 -= 1 } }
                    guard case .active = state else {
                        timer.cancel()
                        once.resume(.failure(Failure.stopping))
                        return
                    }
                    let result = work()
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

    /// Finishes queued work and stops the threads.
    func shutdown() async {
        try? await pool.shutdownGracefully()
    }
}

/// A continuation resumed once, by whichever comes first (the result or the time limit).
private final class ResumeOnce<T: Sendable>: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<T, any Error>?, result: Result<T, any Error>?)>((nil, nil))

    func set(_ continuation: CheckedContinuation<T, any Error>) {
        let early = state.withLock { s -> Result<T, any Error>? in
            if let r = s.result { return r }
            s.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    func resume(_ result: Result<T, any Error>) {
        let continuation = state.withLock { s -> CheckedContinuation<T, any Error>? in
            guard s.result == nil else { return nil }
            s.result = result
            let c = s.continuation
            s.continuation = nil
            return c
        }
        continuation?.resume(with: result)
    }
}
