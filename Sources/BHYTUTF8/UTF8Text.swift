/// UTF-8 checks and strings made from bytes, without the generic paths of the standard
/// library (which look up type metadata at run time on every call): the decoders read
/// thousands of short strings a second.
package enum UTF8Text {
    /// Whether bytes are valid UTF-8 (shortest forms, no surrogates, at most U+10FFFF).
    package static func isValid(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < b.count {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            let n: Int, minimum: UInt32
            var v: UInt32
            switch c {
            case 0xC2...0xDF: (n, v, minimum) = (1, UInt32(c & 0x1F), 0x80)
            case 0xE0...0xEF: (n, v, minimum) = (2, UInt32(c & 0x0F), 0x800)
            case 0xF0...0xF4: (n, v, minimum) = (3, UInt32(c & 0x07), 0x10000)
            default: return false
            }
            guard b.count - i > n else { return false }
            for k in 1...n {
                let cc = b[i + k]
                guard cc & 0xC0 == 0x80 else { return false }
                v = v << 6 | UInt32(cc & 0x3F)
            }
            guard v >= minimum, v <= 0x10FFFF, !(0xD800...0xDFFF).contains(v) else { return false }
            i += n + 1
        }
        return true
    }

    /// Whether a slice of bytes is valid UTF-8.
    package static func isValid(_ bytes: ArraySlice<UInt8>) -> Bool { bytes.withUnsafeBufferPointer { isValid($0) } }

    /// The string the bytes spell, or `nil` when they are not valid UTF-8.
    package static func string(_ bytes: ArraySlice<UInt8>) -> String? {
        bytes.withUnsafeBufferPointer { buffer in isValid(buffer) ? String(decoding: buffer, as: UTF8.self) : nil }
    }
}
