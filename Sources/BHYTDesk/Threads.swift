#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mutex with condition variables, for the few places threads hand work to each other.
/// The pthread objects live at fixed addresses (allocated once), as POSIX requires.
final class Monitor: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let conditions: UnsafeMutablePointer<pthread_cond_t>
    private let conditionCount: Int

    init(conditions count: Int) {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        conditions = .allocate(capacity: count)
        conditionCount = count
        for i in 0..<count { pthread_cond_init(conditions + i, nil) }
    }

    deinit {
        for i in 0..<conditionCount { pthread_cond_destroy(conditions + i) }
        pthread_mutex_destroy(mutex)
        conditions.deallocate()
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
    /// Waits on condition `i` (the mutex held).
    func wait(_ i: Int) { pthread_cond_wait(conditions + i, mutex) }
    func signal(_ i: Int) { pthread_cond_signal(conditions + i) }
    func broadcast(_ i: Int) { pthread_cond_broadcast(conditions + i) }

    /// Runs `body` with the mutex held.
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }
}

/// A thread running a closure, joined with ``join()``.
package struct WorkerThread {
    private let handle: pthread_t

    private init(handle: pthread_t) { self.handle = handle }

    /// Starts `body` on a new thread; `nil` when no thread can be made (the body does not run:
    /// the caller decides what to do instead — running it inline could wait for work that only
    /// a thread not yet started would do).
    package static func start(_ body: @escaping @Sendable () -> Void) -> WorkerThread? {
        final class Box { let body: @Sendable () -> Void; init(_ b: @escaping @Sendable () -> Void) { body = b } }
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
            box.body()
            return nil
        }, box)
        guard status == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            return nil
        }
        return WorkerThread(handle: thread)
    }

    /// Waits for the thread to end.
    package func join() { pthread_join(handle, nil) }
}
