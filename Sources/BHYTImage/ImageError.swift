/// Why an image gave no single card QR code: the one error type of `BHYTImage`.
public enum ImageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not an image this module reads (PNG, JPEG), or a damaged one.
    case unreadable(String)
    /// More pixels than ``ImageLimits/maximumPixels``.
    case tooLarge(width: Int, height: Int)
    /// No QR code found.
    case noQRCode
    /// More than one QR code: a card has one.
    case severalQRCodes(Int)
    /// So many finder-pattern-like marks that looking for a QR code would take too long:
    /// a picture made to stall the reader, or noise, not a photo of a card.
    case tooComplex(marks: Int)
    /// A progressive JPEG with more scans than ``ImageLimits/maximumJPEGScans`` (each scan is
    /// a pass over the whole picture: a small file can hold thousands).
    case tooManyScans(Int)
    /// Decoding would inflate more pixel data than ``ImageLimits/maximumDecodedBytes``.
    case tooCostly(megabytes: Int)
    /// Not read within the time allowed (``ImageLimits/maximumSeconds``, or the caller's deadline).
    case timeLimit

    public var description: String {
        switch self {
        case .unreadable(let why): return "not a readable image (\(why))"
        case .tooLarge(let w, let h): return "image \(w)×\(h) is larger than \(ImageLimits.maximumPixels / 1_000_000) megapixels"
        case .noQRCode: return "no QR code found in the image"
        case .severalQRCodes(let n): return "\(n) QR codes in the image; give one card at a time"
        case .tooComplex(let marks): return "the image has \(marks) finder-like marks (a card's QR has 3); it is not a photo of a card"
        case .tooManyScans(let n): return "the JPEG has more than \(n) progressive scans; a camera or phone writes at most a few dozen"
        case .tooCostly(let mb): return "decoding the image would take \(mb) MB of pixel data; send a smaller picture"
        case .timeLimit: return "the image could not be read within the time allowed; send a smaller or plainer picture"
        }
    }

    /// The same in Vietnamese.
    public var descriptionVi: String {
        switch self {
        case .unreadable(let why): return "không đọc được ảnh (\(why))"
        case .tooLarge(let w, let h): return "ảnh \(w)×\(h) lớn hơn \(ImageLimits.maximumPixels / 1_000_000) megapixel"
        case .noQRCode: return "không tìm thấy mã QR trong ảnh"
        case .severalQRCodes(let n): return "có \(n) mã QR trong ảnh; mỗi lần chỉ một thẻ"
        case .tooComplex(let marks): return "ảnh có \(marks) dấu giống mã QR (mã QR của thẻ có 3): không phải ảnh chụp thẻ"
        case .tooManyScans(let n): return "ảnh JPEG có hơn \(n) lớp quét lũy tiến; máy ảnh hay điện thoại chỉ ghi vài chục"
        case .tooCostly(let mb): return "giải mã ảnh cần \(mb) MB dữ liệu điểm ảnh; hãy gửi ảnh nhỏ hơn"
        case .timeLimit: return "không đọc kịp ảnh trong thời gian cho phép; hãy gửi ảnh nhỏ hơn hoặc đơn giản hơn"
        }
    }
}

/// The bounds that keep the work per image under about a second, whatever the image.
package enum ImageLimits {
    /// Largest image decoded, in pixels (40 megapixels: bounded memory for hostile files).
    package static let maximumPixels = 40_000_000
    /// Images are scanned at most this many pixels on their long side (a box-filtered
    /// downscale): a card's QR, even a version 15 one filling a third of a photo, keeps
    /// more than 4 pixels a module, and the scan stays fast.
    package static let scanSide = 1600
    /// More finder-pattern rows than this (1:1:3:1:1 runs; a card's QR gives a few hundred)
    /// is refused before zbar runs: zbar's search grows much faster than linearly with them
    /// (measured: 46,000 such rows on 1000×1000 pixels took 0.7 s, 91,000 on 1400×1400 took 2.3 s).
    package static let maximumFinderRows = 15_000
    /// Most scans a progressive JPEG may have (libjpeg's own progressions have 6–10; each
    /// scan is a pass over the whole image, measured at ~5 ms for a small one).
    package static let maximumJPEGScans = 100
    /// Most pixel data a PNG may inflate to (rows × row bytes before any conversion): a
    /// 40-megapixel RGBA image with 16 bits a channel is 320 MB and takes seconds.
    package static let maximumDecodedBytes = 160 << 20
    /// Seconds one image may take, decoding and scanning together (checked as it goes).
    package static let maximumSeconds = 1.0

    /// The deadline for one image started now.
    package static func deadline() -> Deadline { .after(seconds: maximumSeconds) }
}
