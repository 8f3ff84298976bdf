/// An 8-bit grayscale image.
package struct GrayImage: Sendable {
    /// Width in pixels.
    package let width: Int
    /// Height in pixels.
    package let height: Int
    /// Row-major, one byte a pixel, 0 black … 255 white.
    package let pixels: [UInt8]

    /// An image from rows of pixels; `nil` unless there are exactly width × height of them.
    package init?(width: Int, height: Int, pixels: [UInt8]) {
        guard width > 0, height > 0, width <= Int.max / height, pixels.count == width * height else { return nil }
        self.init(checkedWidth: width, height: height, pixels: pixels)
    }

    init(checkedWidth width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The image shrunk by a whole factor (averaging each block) so that neither side is
    /// longer than `side`; the image itself when it already fits.
    package func downscaled(toFit side: Int) -> GrayImage {
        let factor = (max(width, height) + side - 1) / side
        guard factor > 1 else { return self }
        let w = width / factor, h = height / factor
        guard w > 0, h > 0 else { return self }
        var sums = [UInt32](repeating: 0, count: w)
        var out = [UInt8](repeating: 255, count: w * h)
        let area = UInt32(factor * factor)
        pixels.withUnsafeBufferPointer { src in
            for y in 0..<h {
                for i in 0..<w { sums[i] = 0 }
                for row in (y * factor)..<(y * factor + factor) {
                    let base = row * width
                    for x in 0..<(w * factor) { sums[x / factor] &+= UInt32(src[base + x]) }
                }
                for i in 0..<w { out[y * w + i] = UInt8(sums[i] / area) }
            }
        }
        return GrayImage(checkedWidth: w, height: h, pixels: out)
    }
}

extension GrayImage {
    /// Light and dark swapped: a phone in dark mode shows light modules on dark.
    package func inverted() -> GrayImage {
        GrayImage(checkedWidth: width, height: height, pixels: pixels.map { 255 &- $0 })
    }

    /// The image at twice its size, each new pixel the mean of its neighbours (bilinear): a QR
    /// of tiny modules (under 2 pixels) at a size the detectors sample reliably. Callers bound
    /// the result (the scan size).
    package func doubled() -> GrayImage {
        let w = width * 2, h = height * 2
        var out = [UInt8](repeating: 0, count: w * h)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height {
                    let y1 = min(y + 1, height - 1)
                    for x in 0..<width {
                        let x1 = min(x + 1, width - 1)
                        let a = Int(src[y * width + x]), b = Int(src[y * width + x1])
                        let c = Int(src[y1 * width + x]), d = Int(src[y1 * width + x1])
                        let o = (2 * y) * w + 2 * x
                        dst[o] = UInt8(a)
                        dst[o + 1] = UInt8((a + b + 1) / 2)
                        dst[o + w] = UInt8((a + c + 1) / 2)
                        dst[o + w + 1] = UInt8((a + b + c + d + 2) / 4)
                    }
                }
            }
        }
        return GrayImage(checkedWidth: w, height: h, pixels: out)
    }
}

/// Counts rows crossing something shaped like a QR finder pattern (dark, light, dark,
/// light, dark runs in the ratio 1:1:3:1:1), the pattern zbar's QR search starts from.
enum FinderCensus {
    static func rows(in image: GrayImage) -> Int {
        var hits = 0
        var runs = [Int](repeating: 0, count: 5)
        image.pixels.withUnsafeBufferPointer { px in
            for y in 0..<image.height {
                let base = y * image.width
                // The last five runs, the newest last; `count` runs seen in this row.
                var count = 0
                var dark = px[base] < 128
                var length = 0
                for x in 0...image.width {
                    let d = x < image.width ? px[base + x] < 128 : !dark
                    if d == dark { length += 1; continue }
                    runs.removeFirst()
                    runs.append(length)
                    count += 1
                    // A run just ended; if it was dark, the five runs end dark and start dark.
                    if dark, count >= 5, matches(runs) { hits += 1 }
                    dark = d
                    length = 1
                }
            }
        }
        return hits
    }

    static func matches(_ r: [Int]) -> Bool {
        let total = r[0] + r[1] + r[2] + r[3] + r[4]
        guard total >= 7 else { return false }
        // Within half a module of 1:1:3:1:1 (1.5 modules for the centre), in units of total/7.
        let m7 = total
        func near(_ run: Int, _ modules: Int, _ slack: Int) -> Bool { abs(run * 14 - modules * 2 * m7) < slack * m7 }
        return near(r[0], 1, 1) && near(r[1], 1, 1) && near(r[2], 3, 3) && near(r[3], 1, 1) && near(r[4], 1, 1)
    }
}
