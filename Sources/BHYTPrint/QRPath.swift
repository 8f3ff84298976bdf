import BHYTQR
import CPangoCairo

/// The QR symbol's size on the card: a whole number of 300 dpi pixels per module (so a 300 dpi
/// print or raster has crisp modules of equal width), as large as fits the space, and never
/// below 3 pixels (0.254 mm), which zbar and zxing-cpp read from a 300 dpi raster.
package struct QRPlacement: Sendable, Hashable {
    /// One pixel at 300 dpi, in millimetres: the grid the card's QR is drawn on.
    package static let pixel = 25.4 / 300
    /// The smallest module, in 300 dpi pixels.
    package static let minimumPixels = 3
    /// The quiet zone, in modules (ISO/IEC 18004: 4).
    package static let quietZone = 4

    /// Modules per side, without the quiet zone.
    package let modules: Int
    /// One module, in 300 dpi pixels.
    package let pixels: Int

    /// The largest placement whose side (quiet zone included) is at most `maxSide` mm; `nil`
    /// when even the smallest module is too large.
    package init?(modules: Int, maxSide: Double) {
        let total = Double(modules + 2 * QRPlacement.quietZone)
        let pixels = min(8, Int((maxSide / total / QRPlacement.pixel).rounded(.down)))
        guard pixels >= QRPlacement.minimumPixels else { return nil }
        self.modules = modules
        self.pixels = pixels
    }

    /// One module, in millimetres.
    package var module: Double { Double(pixels) * QRPlacement.pixel }
    /// The side with the quiet zone, in millimetres.
    package var side: Double { Double(modules + 2 * QRPlacement.quietZone) * module }

    /// `value` rounded down to the 300 dpi grid.
    package static func snap(_ value: Double) -> Double { (value / pixel).rounded(.down) * pixel }
}

extension QRMatrix {
    /// Draws the symbol as filled rectangles (one per horizontal run of dark modules) on a white
    /// square that holds the quiet zone, its top-left corner at (x, y).
    func draw(_ placement: QRPlacement, x: Double, y: Double, on cr: OpaquePointer) {
        let m = placement.module
        cairo_save(cr)
        RGB.white.set(cr)
        cairo_rectangle(cr, x, y, placement.side, placement.side)
        cairo_fill(cr)
        RGB.black.set(cr)
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE)
        let origin = Double(QRPlacement.quietZone) * m
        for row in 0..<size {
            var column = 0
            while column < size {
                guard self[column, row] else { column += 1; continue }
                var run = 1
                while column + run < size, self[column + run, row] { run += 1 }
                cairo_rectangle(cr, x + origin + Double(column) * m, y + origin + Double(row) * m, Double(run) * m, m)
                column += run
            }
        }
        cairo_fill(cr)
        cairo_restore(cr)
    }
}
