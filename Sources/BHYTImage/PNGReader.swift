import CPNG

/// Any PNG (any colour type and bit depth) to 8-bit gray, through libpng's simplified API;
/// transparency is composited onto white.
public enum PNGReader {
    /// Whether bytes start with the PNG signature.
    public static func isPNG(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) }

    /// Decodes a PNG of at most `maximumPixels`.
    public static func read(_ bytes: [UInt8], maximumPixels: Int = ImageLimits.maximumPixels) throws(ImageError) -> GrayImage {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        defer { png_image_free(&image) }
        let begun = bytes.withUnsafeBufferPointer { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard begun != 0 else { throw .unreadable("PNG: " + message(&image)) }
        let w = Int(image.width), h = Int(image.height)
        guard w > 0, h > 0, w <= maximumPixels / h else { throw .tooLarge(width: w, height: h) }
        image.format = UInt32(PNG_FORMAT_GRAY)
        var pixels = [UInt8](repeating: 255, count: w * h)
        var white = png_color(red: 255, green: 255, blue: 255)
        let done = pixels.withUnsafeMutableBufferPointer { png_image_finish_read(&image, &white, $0.baseAddress, Int32(w), nil) }
        guard done != 0 else { throw .unreadable("PNG: " + message(&image)) }
        return GrayImage(checkedWidth: w, height: h, pixels: pixels)
    }

    private static func message(_ image: inout png_image) -> String {
        withUnsafeBytes(of: &image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
