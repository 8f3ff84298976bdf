/// Hex text of UTF-8 bytes, as the legacy QR carries names and addresses (and of any bytes:
/// a hash, a key).
package enum Hex {
    /// Lower-case hex of the string's UTF-8 bytes.
    static func encode(_ s: String) -> String { encode(bytes: s.utf8) }

    /// Lower-case hex of `bytes`.
    package static func encode(bytes: some Collection<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    enum Problem: Error { case notHex, oddLength, notUTF8, unsafeCharacter(Unicode.Scalar) }

    /// Decodes hex (either case) to text; the bytes must be valid UTF-8 with no character
    /// that is unsafe to show (``TextSafety``).
    static func decodeText(_ s: String) -> Result<String, Problem> {
        let u = Array(s.utf8)
        guard u.count % 2 == 0 else { return .failure(u.allSatisfy(isHexDigit) ? .oddLength : .notHex) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(u.count / 2)
        var i = 0
        while i < u.count {
            guard let hi = value(u[i]), let lo = value(u[i + 1]) else { return .failure(.notHex) }
            bytes.append(hi << 4 | lo)
            i += 2
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { return .failure(.notUTF8) }
        if let bad = TextSafety.firstUnsafe(in: text) { return .failure(.unsafeCharacter(bad)) }
        return .success(text)
    }

    /// The value of one hex digit (either case), `nil` for any other byte.
    package static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 65...70: return c - 55
        case 97...102: return c - 87
        default: return nil
        }
    }

    static func isHexDigit(_ c: UInt8) -> Bool { value(c) != nil }
}
