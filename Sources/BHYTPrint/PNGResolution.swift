import BHYTQR
import CZlib

/// A PNG's resolution (pHYs): cairo's PNGs have none, so they would open at 72 dpi.
enum PNGResolution {
    /// `png` with a pHYs chunk for `dpi` (pixels per metre, both axes) right after IHDR; the
    /// bytes unchanged when they are not a PNG starting with IHDR, or already say a resolution.
    static func inserting(dpi: Int, into png: [UInt8]) -> [UInt8] {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        // signature, then IHDR: length (4) "IHDR" (4) data (13) CRC (4)
        let ihdrEnd = 8 + 4 + 4 + 13 + 4
        guard png.count > ihdrEnd, png.starts(with: signature), Array(png[12..<16]) == Array("IHDR".utf8),
              !contains(png, "pHYs") else { return png }
        guard let perMetre = PNGRenderOptions(dpi: dpi).pixelsPerMetre else { return png }
        let data = be(perMetre) + be(perMetre) + [1]  // unit: metre
        let typeAndData = Array("pHYs".utf8) + data
        let crc = typeAndData.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
        let chunk = be(UInt32(data.count)) + typeAndData + be(crc)
        return Array(png[..<ihdrEnd]) + chunk + Array(png[ihdrEnd...])
    }

    private static func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

    /// Whether a chunk of `type` comes before the image data.
    private static func contains(_ png: [UInt8], _ type: String) -> Bool {
        var i = 8
        let wanted = Array(type.utf8)
        while i + 8 <= png.count {
            let length = Int(png[i]) << 24 | Int(png[i + 1]) << 16 | Int(png[i + 2]) << 8 | Int(png[i + 3])
            let kind = Array(png[(i + 4)..<(i + 8)])
            if kind == wanted { return true }
            if kind == Array("IDAT".utf8) { return false }
            i += 12 + length
        }
        return false
    }
}
