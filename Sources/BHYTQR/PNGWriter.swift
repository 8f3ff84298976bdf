import CPNG

/// How a QR matrix becomes pixels.
public struct PNGRenderOptions: Sendable, Hashable {
    /// Pixels per module (≥ ``minimumScale``).
    package var scale: Int
    /// Quiet zone in modules; never below 4 (the QR standard's minimum).
    package var margin: Int
    /// Resolution for the pHYs chunk, in dots per inch (`nil`: no pHYs).
    package var dpi: Int?
    /// The image's side in pixels when it is fixed (print size): the symbol is centred and the
    /// quiet zone takes the pixels left over (never less than `margin` modules). `nil`: the
    /// symbol and its `margin`-module quiet zone exactly.
    package var canvas: Int?

    /// The smallest quiet zone allowed.
    package static let minimumMargin = 4
    /// The smallest module size allowed: measured, zbar misreads most samples at 1 px a module
    /// and reads all of them at 2, at every error-correction level.
    package static let minimumScale = 2

    /// Pixels a module, quiet-zone modules, the resolution written in pHYs, and an optional square canvas in pixels.
    public init(scale: Int = 4, margin: Int = 4, dpi: Int? = nil, canvas: Int? = nil) {
        self.scale = max(PNGRenderOptions.minimumScale, scale)
        self.margin = max(PNGRenderOptions.minimumMargin, margin)
        self.dpi = dpi
        self.canvas = canvas
    }

    /// Options that print the symbol with its quiet zone exactly `sizeMM` millimetres wide at
    /// `dpi` (to the nearest pixel): the pixels per module are the largest whole number that
    /// leaves at least `margin` modules of quiet zone, and the quiet zone takes the rest; `nil`
    /// when that is below ``minimumScale`` (too small to scan reliably at that resolution).
    package static func printSize(matrix: QRMatrix, sizeMM: Double, dpi: Int, margin: Int = 4) -> PNGRenderOptions? {
        let side = Int((sizeMM / 25.4 * Double(dpi)).rounded())
        let scale = side / (matrix.size + 2 * max(minimumMargin, margin))
        guard scale >= minimumScale else { return nil }
        return PNGRenderOptions(scale: scale, margin: margin, dpi: dpi, canvas: side)
    }

    /// The image's side in pixels for a matrix.
    package func side(for matrix: QRMatrix) -> Int { canvas ?? (matrix.size + 2 * margin) * scale }

    /// The printed width in millimetres, when a resolution is set.
    package func printedMM(for matrix: QRMatrix) -> Double? { dpi.map { Double(side(for: matrix)) / Double($0) * 25.4 } }

    /// Pixels per metre for the pHYs chunk.
    package var pixelsPerMetre: UInt32? { dpi.map { UInt32((Double($0) / 0.0254).rounded()) } }
}

/// Why a PNG could not be written.
public enum PNGWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    case tooLarge(pixels: Int)
    /// A fixed canvas smaller than the symbol with its quiet zone.
    case tooSmall(pixels: Int)
    case libpng(Int32)
    public var description: String {
        switch self {
        case .tooLarge(let p): return "image of \(p) pixels a side is too large"
        case .tooSmall(let p): return "\(p) pixels a side cannot hold the symbol and its quiet zone"
        case .libpng(let code): return "libpng could not write the image (\(code))"
        }
    }
}

/// QR matrices to PNG: 1-bit grayscale, dark modules black on white.
public enum PNGWriter {
    /// Largest side written, in pixels.
    package static let maximumSide = 20000

    /// The PNG bytes for a matrix.
    public static func png(_ matrix: QRMatrix, options: PNGRenderOptions = PNGRenderOptions()) throws(PNGWriteError) -> [UInt8] {
        let side = options.side(for: matrix)
        guard side <= maximumSide else { throw .tooLarge(pixels: side) }
        guard side >= (matrix.size + 2 * options.margin) * options.scale else { throw .tooSmall(pixels: side) }
        // Where the symbol starts: centred (the quiet zone takes what is left over).
        let offset = (side - matrix.size * options.scale) / 2
        let rowBytes = (side + 7) / 8
        // One packed row per module row; each is repeated `scale` times.
        var rows = [UInt8](repeating: 0xFF, count: rowBytes * side)
        for my in 0..<matrix.size {
            var row = [UInt8](repeating: 0xFF, count: rowBytes)
            for mx in 0..<matrix.size where matrix[mx, my] {
                let x0 = offset + mx * options.scale
                for x in x0..<(x0 + options.scale) { row[x >> 3] &= ~(0x80 >> UInt8(x & 7)) }
            }
            let y0 = offset + my * options.scale
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
