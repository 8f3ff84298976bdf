import CPNG
#if canImport(Glibc)
import Glibc
#endif

/// Any PNG (any colour type, bit depth and interlacing) to 8-bit gray, through libpng row by
/// row; transparency is composited onto white. The work is bounded before it starts (pixels,
/// inflated bytes) and while it runs (a deadline checked every few rows).
package enum PNGReader {
    /// Whether bytes start with the PNG signature.
    package static func isPNG(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) }

    /// Decodes a PNG of at most `maximumPixels` and ``ImageLimits/maximumDecodedBytes`` by
    /// `deadline`, shrunk as it is read (by a whole factor, each block averaged) until neither
    /// side is longer than `scanSide` (0: full size).
    package static func read(_ bytes: [UInt8], maximumPixels: Int = ImageLimits.maximumPixels, scanSide: Int = 0,
                            deadline: Deadline = ImageLimits.deadline()) throws(ImageError) -> GrayImage {
        var out: UnsafeMutablePointer<UInt8>?
        var w: UInt32 = 0, h: UInt32 = 0
        var message = [CChar](repeating: 0, count: 200)
        let status = bytes.withUnsafeBufferPointer { buf in
            bhyt_png_decode_gray(buf.baseAddress, buf.count, UInt(maximumPixels), UInt32(max(0, scanSide)),
                                 UInt64(ImageLimits.maximumDecodedBytes),
                                 deadline.nanoseconds, &out, &w, &h, &message, message.count)
        }
        defer { free(out) }
        let why = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        switch status {
        case 0: break
        case -2: throw .tooLarge(width: Int(w), height: Int(h))
        case -3: throw .tooCostly(megabytes: Int(why.prefix { $0.isNumber }) ?? 0)
        case -5: throw .timeLimit
        default: throw .unreadable("PNG: " + (why.isEmpty ? "cannot decode" : why))
        }
        guard let out, w > 0, h > 0 else { throw .unreadable("PNG: empty image") }
        return GrayImage(checkedWidth: Int(w), height: Int(h), pixels: Array(UnsafeBufferPointer(start: out, count: Int(w) * Int(h))))
    }
}
