#if canImport(Glibc)
import Glibc
#endif

/// A moment on the monotonic clock by which work on one input must be done (hạn chót xử lý
/// một đầu vào): image decoders check it as they go and stop with ``ImageError/timeLimit``
/// once it has passed, so no picture holds a thread for longer than its budget.
package struct Deadline: Sendable, Hashable {
    /// CLOCK_MONOTONIC nanoseconds; 0 means no deadline.
    package let nanoseconds: UInt64

    /// A deadline at a CLOCK_MONOTONIC time in nanoseconds (0: none).
    package init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

    /// No deadline (the caller bounds the work some other way).
    package static let none = Deadline(nanoseconds: 0)

    /// The monotonic clock now, in nanoseconds.
    package static var now: UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    /// `seconds` from now.
    package static func after(seconds: Double) -> Deadline {
        Deadline(nanoseconds: now &+ UInt64(max(0.000_001, seconds) * 1e9))
    }

    /// Whether the deadline has passed.
    package var hasPassed: Bool { nanoseconds != 0 && Deadline.now > nanoseconds }

    /// The earlier of two deadlines (``none`` counts as the latest).
    package func earlier(_ other: Deadline) -> Deadline {
        if nanoseconds == 0 { return other }
        if other.nanoseconds == 0 { return self }
        return Deadline(nanoseconds: min(nanoseconds, other.nanoseconds))
    }
}
