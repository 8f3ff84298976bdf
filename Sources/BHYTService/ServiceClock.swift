#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The service's time: fixed by `--at` (tests, demonstrations) or the wall clock.
struct ServiceClock: Sendable {
    let fixed: Int64?

    /// Seconds since the epoch, for verification and the check-in log.
    var now: Int64 { fixed ?? ServiceClock.wall }

    /// Wall-clock seconds (list load times, list age).
    static var wall: Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec)
    }

    /// A monotonic instant in nanoseconds (request durations).
    static var monotonicNanoseconds: UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
