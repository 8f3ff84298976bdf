#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs another program once, with bytes on its standard input, and collects what it writes,
/// within a time limit: `bhyt conformance run --cmd` runs a verifier under test this way.
/// Its output is kept up to a limit (a runaway program cannot fill the memory); past the time
/// limit it is killed.
struct ChildProcess {
    /// What the program did.
    struct Outcome {
        var status: Int32?
        var stdout: [UInt8]
        var stderr: [UInt8]
        var timedOut: Bool
        /// Set when the program could not be started (its `errno` text).
        var startError: String?
    }

    /// Runs `arguments` (the first is the program, looked up in `PATH`).
    static func run(_ arguments: [String], input: [UInt8], timeoutSeconds: Double, outputLimit: Int = 1 << 20) -> Outcome {
        var toChild: [Int32] = [0, 0], fromChild: [Int32] = [0, 0], errChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0, pipe(&errChild) == 0 else {
            return Outcome(status: nil, stdout: [], stderr: [], timedOut: false, startError: String(cString: strerror(errno)))
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errChild[1], 2)
        for fd in toChild + fromChild + errChild { posix_spawn_file_actions_addclose(&actions, fd) }
        var pid = pid_t()
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ)
        close(toChild[0]); close(fromChild[1]); close(errChild[1])
        guard spawned == 0 else {
            close(toChild[1]); close(fromChild[0]); close(errChild[0])
            return Outcome(status: nil, stdout: [], stderr: [], timedOut: false, startError: String(cString: strerror(spawned)))
        }
        // The input is small (one card); a program that never reads it must not block us.
        _ = fcntl(toChild[1], F_SETFL, fcntl(toChild[1], F_GETFL) | O_NONBLOCK)
        _ = input.withUnsafeBytes { write(toChild[1], $0.baseAddress, $0.count) }
        close(toChild[1])

        var out: [UInt8] = [], err: [UInt8] = []
        var open = [fromChild[0], errChild[0]]
        let deadline = Clock.now + timeoutSeconds
        var timedOut = false
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !open.isEmpty {
            let left = deadline - Clock.now
            if left <= 0 { timedOut = true; break }
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(left, 1) * 1000) + 1)
            if ready < 0 && errno != EINTR { break }
            for p in fds where p.revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(p.fd, $0.baseAddress, $0.count) }
                if n <= 0 {
                    close(p.fd)
                    open.removeAll { $0 == p.fd }
                } else if p.fd == fromChild[0] {
                    if out.count < outputLimit { out += buffer[0..<min(n, outputLimit - out.count)] }
                } else if err.count < 4096 {
                    err += buffer[0..<min(n, 4096 - err.count)]
                }
            }
        }
        for fd in open { close(fd) }
        if timedOut { kill(pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = (status & 0x7F) == 0
        return Outcome(status: exited ? (status >> 8) & 0xFF : nil, stdout: out, stderr: err, timedOut: timedOut, startError: nil)
    }
}
