extension Base64 {
    /// Decodes base64url as JWS requires (RFC 7515 §2, RFC 4648 §5): the URL-safe alphabet
    /// only, no padding, no white space, and unused trailing bits zero, so that one byte string
    /// has exactly one text. `nil` for anything else (``decode(_:)`` is the lenient reader for
    /// PEM and trust-list members). Works on a slice of a larger buffer without copying it.
    package static func decodeURL<C: Collection>(_ text: C) -> [UInt8]? where C.Element == UInt8 {
        let n = text.count
        guard n % 4 != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(n / 4 * 3 + 2)
        var acc: UInt32 = 0, bits = 0
        for c in text {
            let v: UInt32
            switch c {
            case 65...90: v = UInt32(c - 65)
            case 97...122: v = UInt32(c - 71)
            case 48...57: v = UInt32(c + 4)
            case 45: v = 62
            case 95: v = 63
            default: return nil
            }
            acc = (acc << 6 | v) & 0xFFFF
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((acc >> UInt32(bits)) & 0xFF))
            }
        }
        // Left-over bits (2 or 4) must be zero: "AB" and "AC" may not both mean the same byte.
        guard acc & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return out
    }

    /// Decodes the strict base64url text at `range` of `buffer` into the buffer's start, in place
    /// (each 4 characters become at most 3 bytes, so writing never overtakes reading), and
    /// shortens the buffer to the decoded bytes. `false` (the buffer then undefined) for text that
    /// ``decodeURL(_:)`` would refuse. For a national list: no second buffer the size of the payload.
    package static func decodeURLInPlace(_ buffer: inout [UInt8], range: Range<Int>) -> Bool {
        guard range.count % 4 != 1 else { return false }
        var w = 0
        let ok = buffer.withUnsafeMutableBufferPointer { b -> Bool in
            Base64.urlValues.withUnsafeBufferPointer { table -> Bool in
                // Four characters (24 bits) at a time, then the 2 or 3 left.
                var r = range.lowerBound
                let whole = range.lowerBound + range.count / 4 * 4
                while r < whole {
                    let a = table[Int(b[r])], c = table[Int(b[r + 1])], d = table[Int(b[r + 2])], e = table[Int(b[r + 3])]
                    guard (a | c | d | e) & 0x80 == 0 else { return false }
                    let v = UInt32(a) << 18 | UInt32(c) << 12 | UInt32(d) << 6 | UInt32(e)
                    b[w] = UInt8(v >> 16)
                    b[w + 1] = UInt8((v >> 8) & 0xFF)
                    b[w + 2] = UInt8(v & 0xFF)
                    w += 3
                    r += 4
                }
                var acc: UInt32 = 0, bits = 0
                while r < range.upperBound {
                    let v = table[Int(b[r])]
                    guard v & 0x80 == 0 else { return false }
                    acc = (acc << 6 | UInt32(v)) & 0xFFFF
                    bits += 6
                    if bits >= 8 {
                        bits -= 8
                        b[w] = UInt8((acc >> UInt32(bits)) & 0xFF)
                        w += 1
                    }
                    r += 1
                }
                return acc & ((1 << UInt32(bits)) - 1) == 0
            }
        }
        guard ok else { return false }
        buffer.removeLast(buffer.count - w)
        return true
    }

    /// Each byte's value in the base64url alphabet, 0xFF for a byte outside it.
    static let urlValues: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in url.enumerated() { t[Int(c)] = UInt8(i) }
        return t
    }()

    /// Encodes base64url without padding (the JWS form).
    package static func encodeURL(_ bytes: [UInt8]) -> String { encode(bytes, url: true, padded: false) }
}
