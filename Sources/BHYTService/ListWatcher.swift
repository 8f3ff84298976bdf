import Logging
import ServiceLifecycle
import UnixSignals
import BHYTVerifier
import NIOPosix

/// Reloads the lists on SIGHUP and when a list file changes on disk (polled), until the
/// service shuts down. Each reload is logged: a list that does not load leaves the old in force.
struct ListWatcher: Service {
    let reloader: ListReloader
    let pollSeconds: Int
    let log: OperatorLog

    func run() async throws {
        // Both loops end when the service group shuts down gracefully (the task is cancelled).
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    let signals = await UnixSignalsSequence(trapping: .sighup)
                    for await _ in signals {
                        if Task.isCancelled { break }
                        await reload(why: "SIGHUP")
                    }
                }
                if pollSeconds > 0 {
                    group.addTask {
                        while !Task.isCancelled {
                            try? await Task.sleep(for: .seconds(pollSeconds))
                            if !Task.isCancelled, await offPool({ reloader.filesChanged }) == true { await reload(why: "file changed") }
                        }
                    }
                }
                await group.waitForAll()
            }
        }
    }

    /// Runs blocking file work (stat, read, parse a national list) on NIO's blocking-I/O pool,
    /// never on the cooperative threads that answer requests.
    /// `nil` when the task was cancelled before the work started (the service is stopping: a
    /// reload then is of no use).
    private func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T? {
        do {
            return try await NIOThreadPool.singleton.runIfActive(work)
        } catch is CancellationError {
            return nil
        } catch {
            return work()  // the pool is not running (it never stops in a process): do it here
        }
    }

    private func reload(why: String) async {
        // When the lists were loaded is the wall clock's time, even when --at fixes the
        // verification time (their age in /v1/status and /metrics is real).
        let reloader = self.reloader
        guard let outcome = await offPool({ reloader.reload(now: ServiceClock.wall) }) else { return }
        if let error = outcome.error {
            log.write(event: "lists-reload-failed", [("cause", .text(why)), ("error", .text(error))])
        } else {
            let lists = reloader.lists
            log.write(event: "lists-reloaded", [("cause", .text(why)), ("keys", .number(Int64(lists.trust.keys.count))),
                                                 ("revocations", .number(Int64(lists.revocations.count)))])
        }
    }
}
