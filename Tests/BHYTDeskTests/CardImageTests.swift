import BHYTCard
import BHYTDesk
import BHYTImage
import BHYTQR
import BHYTVerifier
import Testing
import Foundation

/// Images in, verdicts out, with the work per image bounded whatever the image.
@Suite struct CardImageTests {
    /// A matrix of `side` modules packed with QR finder patterns (7 modules each, one module apart).
    static func finderField(side: Int, cell: Int = 8) -> QRMatrix {
        var modules = [Bool](repeating: false, count: side * side)
        for by in stride(from: 0, to: side - cell, by: cell) {
            for bx in stride(from: 0, to: side - cell, by: cell) {
                for y in 0..<7 {
                    for x in 0..<7 {
                        let ring = max(abs(x - 3), abs(y - 3))
                        modules[(by + y) * side + bx + x] = ring != 2
                    }
                }
            }
        }
        return QRMatrix(version: 40, errorCorrection: .M, size: side, modules: modules)
    }

    /// A PNG signature and an IHDR chunk claiming the size, then IEND: what a hostile file's header says.
    static func pngHeaderOnly(width: UInt32, height: UInt32) -> [UInt8] {
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func crc(_ bytes: [UInt8]) -> UInt32 {
            var c: UInt32 = 0xFFFF_FFFF
            for b in bytes {
                c ^= UInt32(b)
                for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            }
            return ~c
        }
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            return be(UInt32(data.count)) + body + be(crc(body))
        }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", be(width) + be(height) + [8, 0, 0, 0, 0])
            + chunk("IDAT", [0x78, 0x9C, 0x63, 0x00, 0x00]) + chunk("IEND", [])
    }

    @Test func aRenderedCardVerifies() throws {
        let text = try Fixtures.sample("signed/es256/d2021-k1.txt").trimmingCharacters(in: .whitespacesAndNewlines)
        let png = try PNGWriter.png(try QREncoder.encode(cardText: text))
        let v = CardImage.verify(png, with: Fixtures.verifier, deadline: .none)
        #expect(v.status == .valid && v.format == .signed)
    }

    @Test func imagesWithNoSingleQR() throws {
        let blank = try PNGWriter.png(QRMatrix(version: 1, errorCorrection: .M, size: 21, modules: Array(repeating: false, count: 441)))
        for bytes in [blank, [1, 2, 3], [], [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]] {
            let v = CardImage.verify(bytes, with: Fixtures.verifier, deadline: .none)
            #expect(v.status == .unreadable && v.findings.map(\.code) == [.imageNoQR])
        }
    }

    /// A picture packed with finder patterns once kept zbar busy for minutes; now it is refused
    /// before zbar runs, and larger ones are refused by size before they are decoded.
    @Test func picturesMadeToStallTheReaderAreRefused() throws {
        for side in [496, 1496] {  // 1000 and 3000 pixels a side (2 px a module)
            let dense = try PNGWriter.png(Self.finderField(side: side), options: PNGRenderOptions(scale: 2, margin: 4))
            let v = CardImage.verify(dense, with: Fixtures.verifier)
            #expect(v.findings.map(\.code) == [.imageTooComplex], "\(side): \(v.findings)")
            #expect(throws: ImageError.self) { try QRImageReader.scan(try PNGReader.read(dense)) }
        }
        // 7071 × 7071 pixels (50 megapixels): over the decoding limit, refused from its header alone.
        let huge = Self.pngHeaderOnly(width: 7071, height: 7071)
        #expect(throws: ImageError.tooLarge(width: 7071, height: 7071)) { try QRImageReader.decode(huge) }
        #expect(CardImage.verify(huge, with: Fixtures.verifier).findings.map(\.code) == [.imageNoQR])
    }

    /// A large photo-like image with a card QR in it is scanned downscaled and still read.
    @Test func largeImagesAreDownscaledAndRead() throws {
        let text = try Fixtures.sample("signed/eddsa/dn-2016.txt").trimmingCharacters(in: .whitespacesAndNewlines)
        let qr = try QREncoder.encode(cardText: text)
        // A 4000-pixel-wide canvas with the QR at 20 px a module in the middle.
        let scale = 20, side = 4000
        var pixels = [UInt8](repeating: 230, count: side * side)
        let origin = (side - (qr.size + 8) * scale) / 2
        for y in 0..<((qr.size + 8) * scale) {
            for x in 0..<((qr.size + 8) * scale) {
                let dark = qr[x / scale - 4, y / scale - 4]
                pixels[(origin + y) * side + origin + x] = dark ? 20 : 250
            }
        }
        let image = try #require(GrayImage(width: side, height: side, pixels: pixels))
        #expect(try QRImageReader.readSingle(image, deadline: .none) == text)  // correctness, not time: the sanitizer runs are slow
    }
}
