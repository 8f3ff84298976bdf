import CJPEG
#if canImport(Glibc)
import Glibc
#endif

/// JPEG (photos of a card, screenshots of VssID) to 8-bit gray through libjpeg(-turbo),
/// decoded straight at a reduced scale (1/2, 1/4, 1/8) when the photo is larger than the
/// scan needs: a 12-megapixel photo costs a fraction of its full decode.
package enum JPEGReader {
    /// Whether bytes start with a JPEG marker (SOI, then a marker).
    package static func isJPEG(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0xFF, 0xD8, 0xFF]) }

    /// Decodes a JPEG of at most `maximumPixels` (full size), scaled down while its long side is
    /// over `scanSide`, with at most ``ImageLimits/maximumJPEGScans`` scans, by `deadline`.
    package static func read(_ bytes: [UInt8], maximumPixels: Int = ImageLimits.maximumPixels,
                            scanSide: Int = ImageLimits.scanSide,
                            deadline: Deadline = ImageLimits.deadline()) throws(ImageError) -> GrayImage {
        var out: UnsafeMutablePointer<UInt8>?
        var w: UInt32 = 0, h: UInt32 = 0, fw: UInt32 = 0, fh: UInt32 = 0
        var message = [CChar](repeating: 0, count: 200)
        let status = bytes.withUnsafeBufferPointer { buf in
            bhyt_jpeg_decode_gray(buf.baseAddress, UInt(buf.count), UInt(maximumPixels), UInt32(scanSide),
                                  Int32(ImageLimits.maximumJPEGScans), deadline.nanoseconds, &out, &w, &h,
                                  &fw, &fh, &message, message.count)
        }
        defer { free(out) }
        switch status {
        case 0: break
        case -2: throw .tooLarge(width: Int(fw), height: Int(fh))
        case -4: throw .tooManyScans(ImageLimits.maximumJPEGScans)
        case -5: throw .timeLimit
        default:
            let why = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw .unreadable("JPEG: " + (why.isEmpty ? "cannot decode" : why))
        }
        guard let out, w > 0, h > 0 else { throw .unreadable("JPEG: empty image") }
        let pixels = Array(UnsafeBufferPointer(start: out, count: Int(w) * Int(h)))
        return GrayImage(checkedWidth: Int(w), height: Int(h), pixels: pixels)
    }
}
