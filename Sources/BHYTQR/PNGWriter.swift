import CPNG

/// How a QR matrix becomes pixels.
public struct PNGRenderOptions: Sendable, Hashable {
    /// Pixels per module (≥ ``minimumScale``).
    public var scale: Int
    /// Quiet zone in modules; never below 4 (the QR standard's minimum).
    public var margin: Int
    /// Resolution for the pHYs chunk, in dots per inch (`nil`: no pHYs).
    public var dpi: Int?

    /// The smallest quiet zone allowed.
    public static let minimumMargin = 4
    /// The smallest module size allowed: measured, zbar misreads most samples at 1 px a module
    /// and reads all of them at 2, at every error-correction level.
    public static let minimumScale = 2

    public init(scale: Int = 4, margin: Int = 4, dpi: Int? = nil) {
        self.scale = max(PNGRenderOptions.minimumScale, scale)
        self.margin = max(PNGRenderOptions.minimumMargin, margin)
        self.dpi = dpi
    }

    /// Options that print a symbol at most `sizeMM` millimetres wide (quiet zone included) at
    /// `dpi`: the pixels per module are the largest whole number that fits; `nil` when that is
    /// below ``minimumScale`` (too small to scan reliably at that resolution).
    public static func printSize(matrix: QRMatrix, sizeMM: Double, dpi: Int, margin: Int = 4) -> PNGRenderOptions? {
        let modules = Double(matrix.size + 2 * max(minimumMargin, margin))
        let scale = Int(sizeMM / 25.4 * Double(dpi) / modules)
        guard scale >= minimumScale else { return nil }
        return PNGRenderOptions(scale: scale, margin: margin, dpi: dpi)
    }

    /// Pixels per metre for the pHYs chunk.
    public var pixelsPerMetre: UInt32? { dpi.map { UInt32((Double($0) / 0.0254).rounded()) } }
}

/// Why a PNG could not be written.
public enum PNGWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    case tooLarge(pixels: Int)
    case libpng(Int32)
    public var description: String {
        switch self {
        case .tooLarge(let p): return "image of \(p) pixels a side is too large"
        case .libpng(let code): return "libpng could not write the image (\(code))"
        }
    }
}

/// QR matrices to PNG: 1-bit grayscale, dark modules black on white.
public enum PNGWriter {
    /// Largest side written, in pixels.
    public static let maximumSide = 20000

    /// The PNG bytes for a matrix.
    public static func png(_ matrix: QRMatrix, options: PNGRenderOptions = PNGRenderOptions()) throws(PNGWriteError) -> [UInt8] {
        let side = (matrix.size + 2 * options.margin) * options.scale
        guard side <= maximumSide else { throw .tooLarge(pixels: side) }
        let rowBytes = (side + 7) / 8
        // One packed row per module row; each is repeated `scale` times.
        var rows = [UInt8](repeating: 0xFF, count: rowBytes * side)
        for my in 0..<matrix.size {
            var row = [UInt8](repeating: 0xFF, count: rowBytes)
            for mx in 0..<matrix.size where matrix[mx, my] {
                let x0 = (mx + options.margin) * options.scale
                for x in x0..<(x0 + options.scale) { row[x >> 3] &= ~(0x80 >> UInt8(x & 7)) }
            }
            let y0 = (my + options.margin) * options.scale
            for y in y0..<(y0 + options.scale) { rows.replaceSubrange((y * rowBytes)..<((y + 1) * rowBytes), with: row) }
        }
        var out = bhyt_png_buffer()
        defer { free(out.data) }
        let status = rows.withUnsafeBufferPointer {
            bhyt_png_write_gray($0.baseAddress, UInt32(side), UInt32(side), rowBytes, 1, options.pixelsPerMetre ?? 0, &out)
        }
        guard status == 0, let data = out.data else { throw .libpng(status) }
        return Array(UnsafeBufferPointer(start: data, count: out.size))
    }
}

#if canImport(Glibc)
import Glibc
#endif
