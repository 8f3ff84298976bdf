import BHYTCard
import Crypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The site's secret for keyed hashes of personal ID numbers (HMAC-SHA256): a check-in
/// record keeps `HMAC(secret, personal ID)` so that a clinic can count one person's visits
/// without storing the number. Created on first start beside the check-in log (`LOG.key`,
/// 32 random bytes as hex, mode 0600) and read from there afterwards; without it, the hashes
/// cannot be linked to a number by guessing (there are only 10^12 numbers: a plain hash could).
package struct SiteSecret: Sendable {
    private let key: SymmetricKey

    /// The secret in `path`, created (exclusively, mode 0600) when the file does not exist or
    /// is empty (a crash between creating and writing it). An existing secret must be a regular
    /// file (not a link or a pipe); it is made owner-only if it was not.
    package static func load(path: String) throws(CheckInLog.LogError) -> SiteSecret {
        for _ in 0..<2 {
            if let created = try create(path) { return created }
            let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else {
                throw CheckInLog.LogError(description: "cannot read the site secret \(path): \(String(cString: strerror(errno))) (it must be a regular file, not a link)")
            }
            defer { close(fd) }
            var st = stat()
            guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
                throw CheckInLog.LogError(description: "the site secret \(path) is not a regular file")
            }
            if st.st_size == 0 {
                unlink(path)  // created but never written: make it again
                continue
            }
            if st.st_mode & 0o077 != 0 { fchmod(fd, 0o600) }
            var bytes = [UInt8](repeating: 0, count: 256)
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard n > 0, let key = parse(Array(bytes[..<n])) else {
                throw CheckInLog.LogError(description: "\(path) is not a site secret (64 hexadecimal digits); move it away to create a new one (earlier hashes then no longer link)")
            }
            return SiteSecret(key: key)
        }
        throw CheckInLog.LogError(description: "cannot create the site secret \(path)")
    }

    /// A new secret in `path`, or `nil` when the file exists.
    private static func create(_ path: String) throws(CheckInLog.LogError) -> SiteSecret? {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { return nil }
            throw CheckInLog.LogError(description: "cannot create the site secret \(path): \(String(cString: strerror(errno)))")
        }
        let key = SymmetricKey(size: .bits256)
        let bytes = Array((key.withUnsafeBytes { Hex.encode(bytes: $0) } + "\n").utf8)
        let written = bytes.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced else {
            unlink(path)
            throw CheckInLog.LogError(description: "cannot write the site secret \(path)")
        }
        // The directory entry too: a power cut must not lose the secret the log's hashes use.
        let dir = open(path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 {
            _ = fsync(dir)
            close(dir)
        }
        return SiteSecret(key: key)
    }

    /// A secret from its bytes (tests).
    package init(bytes: [UInt8]) { key = SymmetricKey(data: bytes) }

    private init(key: SymmetricKey) { self.key = key }

    /// HMAC-SHA256 of `personalId` under the secret, lowercase hex.
    package func hash(_ personalId: String) -> String {
        Hex.encode(bytes: Array(HMAC<SHA256>.authenticationCode(for: Array(personalId.utf8), using: key)))
    }

    private static func parse(_ bytes: [UInt8]) -> SymmetricKey? {
        let digits = bytes.prefix { $0 != 0x0A && $0 != 0x0D }
        guard digits.count == 64 else { return nil }
        var out: [UInt8] = []
        var i = digits.startIndex
        while i < digits.endIndex {
            guard let hi = Hex.value(digits[i]), let lo = Hex.value(digits[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return SymmetricKey(data: out)
    }
}

