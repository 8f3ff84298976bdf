import CZbar
import CZXing

/// A QR code found in an image.
package struct DecodedQR: Sendable, Hashable {
    /// The text (zbar's decoding of the symbol's data).
    package let text: String
}

/// Reads QR codes from images with zbar's C API, with the work per image bounded: images
/// are decoded up to ``ImageLimits/maximumPixels``, scanned at most ``ImageLimits/scanSide``
/// pixels on a side, and refused before zbar runs when they hold more finder-like marks
/// than any card photo (``ImageLimits/maximumFinderRows``).
public enum QRImageReader {
    /// Decodes an image's bytes (PNG or JPEG, told apart by their first bytes) to gray, by `deadline`.
    /// Both are shrunk while they are decoded towards ``ImageLimits/scanSide`` (the size they
    /// are scanned at), so a large photo never exists whole in memory.
    package static func decode(_ bytes: [UInt8], deadline: Deadline = ImageLimits.deadline()) throws(ImageError) -> GrayImage {
        if PNGReader.isPNG(bytes) { return try PNGReader.read(bytes, scanSide: ImageLimits.scanSide, deadline: deadline) }
        if JPEGReader.isJPEG(bytes) { return try JPEGReader.read(bytes, deadline: deadline) }
        throw .unreadable(bytes.isEmpty ? "empty" : "not a PNG or JPEG image")
    }

    /// The one QR code in an image file's bytes (PNG or JPEG), read within about a second:
    /// a picture that takes longer is refused with ``ImageError/timeLimit``.
    public static func readSingle(_ bytes: [UInt8]) throws(ImageError) -> String {
        try readSingle(bytes, deadline: ImageLimits.deadline())
    }

    /// The one QR code in an image file's bytes, read by `deadline` (``Deadline/none`` only
    /// where the caller bounds the time itself, as tests under a sanitizer do).
    package static func readSingle(_ bytes: [UInt8], deadline: Deadline) throws(ImageError) -> String {
        try readSingle(try decode(bytes, deadline: deadline), deadline: deadline)
    }

    /// The one QR code in an image.
    package static func readSingle(_ image: GrayImage, deadline: Deadline = ImageLimits.deadline()) throws(ImageError) -> String {
        let found = try scan(image, deadline: deadline)
        guard let only = found.first else { throw .noQRCode }
        guard found.count == 1 else { throw .severalQRCodes(found.count) }
        return only.text
    }

    /// Every QR code found in a gray image, at the bounded scan size: zxing-cpp and the attempts
    /// after it (docs/VERIFYING.md, "Reading a picture"), then zbar; the first that finds one wins.
    package static func scan(_ original: GrayImage, deadline: Deadline = ImageLimits.deadline()) throws(ImageError) -> [DecodedQR] {
        guard !deadline.hasPassed else { throw .timeLimit }
        let image = original.downscaled(toFit: ImageLimits.scanSide)
        let marks = FinderCensus.rows(in: image)
        guard marks <= ImageLimits.maximumFinderRows else { throw .tooComplex(marks: marks) }
        guard !deadline.hasPassed else { throw .timeLimit }
        // zxing-cpp first, trying harder (several binarisations, rotations, scales); then what
        // it does not try itself, while time is left: a dark-mode screen (light modules on
        // dark), the other binariser, zbar, a small QR at twice the size, half the size
        // (docs/PERFORMANCE.md's photo benchmark measures the whole).
        let attempts: [@Sendable () -> [DecodedQR]] = [
            { zxingScan(image) },
            { zxingScan(image.inverted()) },
            { zxingScan(image, binarizer: .globalHistogram) },
            { zbarScan(image) },
            // Small modules (a card far from the camera): twice the size, both ways round.
            { max(image.width, image.height) <= ImageLimits.scanSide ? zxingScan(image.doubled()) : [] },
            { max(image.width, image.height) <= ImageLimits.scanSide ? zxingScan(image.inverted().doubled()) : [] },
            { zxingScan(image.inverted(), binarizer: .globalHistogram) },
            { zxingScan(image.downscaled(toFit: max(image.width, image.height) / 2)) },
        ]
        for attempt in attempts {
            guard !deadline.hasPassed else { break }
            let found = attempt()
            if !found.isEmpty { return found }
        }
        return []
    }

    /// zxing-cpp's binarisers (how gray becomes black and white).
    package enum Binarizer: Int32 { case localAverage = 0, globalHistogram = 1, fixedThreshold = 2 }

    /// The QR codes zxing-cpp reads in a gray image (every one, for "several codes"); empty when
    /// none, or when zxing-cpp failed.
    package static func zxingScan(_ image: GrayImage, binarizer: Binarizer = .localAverage) -> [DecodedQR] {
        let maximumCodes = 8
        var bytes = [UInt8](repeating: 0, count: 64 << 10)
        var lengths = [Int](repeating: 0, count: maximumCodes)
        let count = image.pixels.withUnsafeBufferPointer { px in
            bytes.withUnsafeMutableBufferPointer { out in
                lengths.withUnsafeMutableBufferPointer { lens in
                    czx_read_qr(px.baseAddress, Int32(image.width), Int32(image.height), Int32(image.width), 1, 0, binarizer.rawValue,
                                out.baseAddress, out.count, lens.baseAddress, Int32(maximumCodes))
                }
            }
        }
        guard count > 0 else { return [] }
        var found: [DecodedQR] = []
        var offset = 0
        for i in 0..<Int(count) {
            // A code past the first `maximumCodes`, or too long to copy, still counts (several codes
            // are refused whatever they hold); its text is empty.
            guard i < maximumCodes, lengths[i] != Int(bitPattern: UInt.max) else { found.append(DecodedQR(text: "")); continue }
            found.append(DecodedQR(text: String(decoding: bytes[offset..<(offset + lengths[i])], as: UTF8.self)))
            offset += lengths[i]
        }
        return found
    }

    package static func zbarScan(_ image: GrayImage) -> [DecodedQR] {
        guard let scanner = zbar_image_scanner_create() else { return [] }
        defer { zbar_image_scanner_destroy(scanner) }
        zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0)
        zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1)
        guard let zimage = zbar_image_create() else { return [] }
        defer { zbar_image_destroy(zimage) }
        // fourcc('Y','8','0','0'): 8-bit gray.
        let y800: UInt = 0x30_30_38_59
        zbar_image_set_format(zimage, y800)
        zbar_image_set_size(zimage, UInt32(image.width), UInt32(image.height))
        return image.pixels.withUnsafeBufferPointer { buf -> [DecodedQR] in
            zbar_image_set_data(zimage, buf.baseAddress, UInt(buf.count), nil)
            defer { zbar_image_set_data(zimage, nil, 0, nil) }  // detach our buffer before it goes away
            guard zbar_scan_image(scanner, zimage) > 0 else { return [] }
            var found: [DecodedQR] = []
            var symbol = zbar_image_first_symbol(zimage)
            while let s = symbol {
                if let data = zbar_symbol_get_data(s) {
                    let n = Int(zbar_symbol_get_data_length(s))
                    found.append(DecodedQR(text: String(decoding: UnsafeRawBufferPointer(start: data, count: n), as: UTF8.self)))
                }
                symbol = zbar_symbol_next(s)
            }
            return found
        }
    }
}
