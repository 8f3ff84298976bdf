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

    /// Encodes base64url without padding (the JWS form).
    package static func encodeURL(_ bytes: [UInt8]) -> String { encode(bytes, url: true, padded: false) }
}
