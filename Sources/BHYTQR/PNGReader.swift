import CPNG

/// An 8-bit grayscale image.
public struct GrayImage: Sendable {
    public let width: Int
    public let height: Int
    /// Row-major, one byte a pixel, 0 black … 255 white.
    public let pixels: [UInt8]
}

/// Why an image could not be read.
public enum ImageReadError: Error, Sendable, Hashable, CustomStringConvertible {
    case notPNG(String)
    case tooLarge(width: Int, height: Int)
    public var description: String {
        switch self {
        case .notPNG(let why): return "not a readable PNG (\(why))"
        case .tooLarge(let w, let h): return "image \(w)×\(h) is larger than \(PNGReader.maximumPixels) pixels"
        }
    }
}

/// Any PNG (any colour type and bit depth) to 8-bit gray, through libpng's simplified API;
/// transparency is composited onto white.
public enum PNGReader {
    /// Largest image read, in pixels (bounded memory for hostile files).
    public static let maximumPixels = 50_000_000

    public static func read(_ bytes: [UInt8]) throws(ImageReadError) -> GrayImage {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        defer { png_image_free(&image) }
        let begun = bytes.withUnsafeBufferPointer { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard begun != 0 else { throw .notPNG(message(&image)) }
        let w = Int(image.width), h = Int(image.height)
        guard w > 0, h > 0, w * h <= maximumPixels else { throw .tooLarge(width: w, height: h) }
        image.format = UInt32(PNG_FORMAT_GRAY)
        var pixels = [UInt8](repeating: 255, count: w * h)
        var white = png_color(red: 255, green: 255, blue: 255)
        let done = pixels.withUnsafeMutableBufferPointer { png_image_finish_read(&image, &white, $0.baseAddress, Int32(w), nil) }
        guard done != 0 else { throw .notPNG(message(&image)) }
        return GrayImage(width: w, height: h, pixels: pixels)
    }

    private static func message(_ image: inout png_image) -> String {
        withUnsafeBytes(of: &image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
