import CZbar

/// A QR code found in an image.
public struct DecodedQR: Sendable, Hashable {
    /// The text (zbar's decoding of the symbol's data).
    public let text: String
}

/// Why an image gave no single QR code.
public enum QRImageReadError: Error, Sendable, Hashable, CustomStringConvertible {
    case image(ImageReadError)
    case noQRCode
    case severalQRCodes(Int)

    public var description: String {
        switch self {
        case .image(let e): return e.description
        case .noQRCode: return "no QR code found in the image"
        case .severalQRCodes(let n): return "\(n) QR codes in the image; give one card at a time"
        }
    }
}

/// Reads QR codes from images with zbar's C API.
public enum QRImageReader {
    /// Every QR code zbar finds in a gray image.
    public static func scan(_ image: GrayImage) -> [DecodedQR] {
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
            // Detach our buffer before it goes away.
            zbar_image_set_data(zimage, nil, 0, nil)
            return found
        }
    }

    /// The one QR code in a PNG.
    public static func readSingle(png bytes: [UInt8]) throws(QRImageReadError) -> String {
        let image: GrayImage
        do {
            image = try PNGReader.read(bytes)
        } catch {
            throw .image(error)
        }
        let found = scan(image)
        guard !found.isEmpty else { throw .noQRCode }
        guard found.count == 1, let only = found.first else { throw .severalQRCodes(found.count) }
        return only.text
    }
}
