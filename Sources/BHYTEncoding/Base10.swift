/// Base10: bytes as decimal digits, as the signed card's envelope fixes it.
///
/// Bytes are split into 7-byte groups from the front (the last has k = 1…7 bytes);
/// each group, a big-endian unsigned integer, is written zero-padded to exactly
/// D(k) = 3, 5, 8, 10, 13, 15, 17 digits. Decoding refuses any length whose remainder
/// mod 17 is not one of 0, 3, 5, 8, 10, 13, 15, and any group value ≥ 256^k.
package enum Base10 {
    /// Digits for a group of k bytes, D(k) = ceil(8k·log10 2), index k.
    static let digitsFor: [Int] = [0, 3, 5, 8, 10, 13, 15, 17]

    /// Encodes bytes as digits.
    package static func encode(_ bytes: [UInt8]) -> String {
        // Every group's digits go straight into the output, written from the right.
        let total = bytes.count / 7 * 17 + digitsFor[bytes.count % 7]
        return String(unsafeUninitializedCapacity: total) { out in
            var i = 0, o = 0
            while i < bytes.count {
                let k = Swift.min(7, bytes.count - i)
                var v: UInt64 = 0
                for j in 0..<k { v = v << 8 | UInt64(bytes[i + j]) }
                let width = digitsFor[k]
                var p = o + width - 1
                while p >= o {
                    out[p] = 48 + UInt8(v % 10)
                    v /= 10
                    p -= 1
                }
                o += width
                i += k
            }
            return o
        }
    }

    /// Decodes digits (ASCII 0–9 only) to bytes.
    package static func decode(_ text: some StringProtocol) throws(EncodingError) -> [UInt8] {
        let result = text.utf8.withContiguousStorageIfAvailable { buffer in Result { () throws(EncodingError) in try decode(buffer) } }
        if let result { return try result.get() }
        return try decode(utf8: Array(text.utf8))
    }

    /// Decodes digits given as UTF-8 bytes.
    package static func decode(utf8 digits: [UInt8]) throws(EncodingError) -> [UInt8] {
        try digits.withUnsafeBufferPointer { buffer throws(EncodingError) in try decode(buffer) }
    }

    /// Decodes digits given as a slice of UTF-8 bytes.
    package static func decode(utf8 digits: ArraySlice<UInt8>) throws(EncodingError) -> [UInt8] {
        try digits.withUnsafeBufferPointer { buffer throws(EncodingError) in try decode(buffer) }
    }

    static func decode(_ digits: UnsafeBufferPointer<UInt8>) throws(EncodingError) -> [UInt8] {
        let tail = digits.count % 17
        guard let lastBytes = digitsFor.firstIndex(of: tail) ?? (tail == 0 ? 0 : nil) else {
            throw .invalidLength(digits.count)
        }
        let total = digits.count / 17 * 7 + lastBytes
        var failure: EncodingError?
        let out = [UInt8](unsafeUninitializedCapacity: total) { bytes, initialized in
            var i = 0, o = 0
            while i < digits.count {
                let n = Swift.min(17, digits.count - i)
                let k = n == 17 ? 7 : lastBytes
                var v: UInt64 = 0
                for j in i..<(i + n) {
                    let d = digits[j] &- 48
                    guard d < 10 else { failure = .notADigit(offset: j); return }
                    v = v &* 10 &+ UInt64(d)  // 17 digits < 10^17 < 2^64: no overflow
                }
                guard v >> (8 * UInt64(k)) == 0 else { failure = .groupOverflow(offset: i); return }
                var shift = 8 * (k - 1)
                while shift >= 0 {
                    bytes[o] = UInt8(truncatingIfNeeded: v >> UInt64(shift))
                    o += 1
                    shift -= 8
                }
                i += n
                initialized = o
            }
        }
        if let failure { throw failure }
        return out
    }
}
