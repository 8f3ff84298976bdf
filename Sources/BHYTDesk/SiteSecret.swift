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

    /// The secret in `path`, created (exclusively, mode 0600) when the file does not exist.
    package static func load(path: String) throws(CheckInLog.LogError) -> SiteSecret {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if fd >= 0 {
            let key = SymmetricKey(size: .bits256)
            let hex = key.withUnsafeBytes { hexText(Array($0)) } + "\n"
            let bytes = Array(hex.utf8)
            let written = bytes.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count) }
            let synced = fsync(fd) == 0
            close(fd)
            guard written == bytes.count, synced else {
                unlink(path)
                throw CheckInLog.LogError(description: "cannot write the site secret \(path)")
            }
            return SiteSecret(key: key)
        }
        guard errno == EEXIST else {
            throw CheckInLog.LogError(description: "cannot create the site secret \(path): \(String(cString: strerror(errno)))")
        }
        guard let bytes = FileBytes.read(path: path, limit: 4096), let key = parse(bytes) else {
            throw CheckInLog.LogError(description: "\(path) is not a site secret (64 hexadecimal digits); move it away to create a new one (earlier hashes then no longer link)")
        }
        return SiteSecret(key: key)
    }

    /// A secret from its bytes (tests).
    package init(bytes: [UInt8]) { key = SymmetricKey(data: bytes) }

    private init(key: SymmetricKey) { self.key = key }

    /// HMAC-SHA256 of `personalId` under the secret, lowercase hex.
    package func hash(_ personalId: String) -> String {
        hexText(Array(HMAC<SHA256>.authenticationCode(for: Array(personalId.utf8), using: key)))
    }

    private static func parse(_ bytes: [UInt8]) -> SymmetricKey? {
        let digits = bytes.prefix { $0 != 0x0A && $0 != 0x0D }
        guard digits.count == 64 else { return nil }
        var out: [UInt8] = []
        var i = digits.startIndex
        while i < digits.endIndex {
            guard let hi = hexValue(digits[i]), let lo = hexValue(digits[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return SymmetricKey(data: out)
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 48...57: return b - 48
        case 97...102: return b - 87
        case 65...70: return b - 55
        default: return nil
        }
    }
}

/// Bytes as lowercase hex.
func hexText(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(bytes.count * 2)
    for b in bytes {
        out.append(digits[Int(b >> 4)])
        out.append(digits[Int(b & 15)])
    }
    return String(decoding: out, as: UTF8.self)
}
