import BHYTImage
import BHYTQR
import Foundation
import Testing

/// Each way the image reader can find a card's QR: zxing-cpp on the picture as it is, the
/// fallbacks it does not try itself (a dark-mode screen, tiny modules), zbar, and the bounds.
@Suite struct ReaderPathTests {
    static let text = "BHXH1:" + String(repeating: "2718281828", count: 40)

    /// A gray picture of the QR at `pixelsPerModule`, on a light page of `width` × `height`, optionally inverted.
    static func picture(pixelsPerModule: Int, width: Int = 640, height: Int = 480, inverted: Bool = false) throws -> GrayImage {
        let m = try QREncoder.encode(cardText: text)
        var pixels = [UInt8](repeating: 235, count: width * height)
        let side = (m.size + 8) * pixelsPerModule
        let ox = (width - side) / 2, oy = (height - side) / 2
        for y in 0..<side {
            for x in 0..<side {
                let mx = x / pixelsPerModule - 4, my = y / pixelsPerModule - 4
                pixels[(oy + y) * width + ox + x] = m[mx, my] ? 20 : 235
            }
        }
        if inverted { pixels = pixels.map { 255 - $0 } }
        return try #require(GrayImage(width: width, height: height, pixels: pixels))
    }

    @Test func zxingReadsAPlainPicture() throws {
        let found = QRImageReader.zxingScan(try Self.picture(pixelsPerModule: 4))
        #expect(found.map(\.text) == [Self.text])
        #expect(try QRImageReader.scan(try Self.picture(pixelsPerModule: 4)).map(\.text) == [Self.text])
    }

    @Test func aDarkModeScreenIsReadInverted() throws {
        let dark = try Self.picture(pixelsPerModule: 4, inverted: true)
        #expect(QRImageReader.zxingScan(dark).isEmpty)  // zxing-cpp 1.4 does not try light-on-dark itself
        #expect(QRImageReader.zxingScan(dark.inverted()).map(\.text) == [Self.text])
        #expect(try QRImageReader.scan(dark).map(\.text) == [Self.text])
    }

    @Test func tinyModulesAreReadAtTwiceTheSize() throws {
        let tiny = try Self.picture(pixelsPerModule: 1, width: 1200, height: 700)
        #expect(QRImageReader.zxingScan(tiny.doubled()).map(\.text) == [Self.text])
        #expect(try QRImageReader.scan(tiny).map(\.text) == [Self.text])
        let doubled = tiny.doubled()
        #expect(doubled.width == 2400 && doubled.height == 1400)
    }

    @Test func zbarStillReads() throws {
        #expect(QRImageReader.zbarScan(try Self.picture(pixelsPerModule: 3)).map(\.text) == [Self.text])
    }

    @Test func boundedByTheDeadline() throws {
        let image = try Self.picture(pixelsPerModule: 1, width: 1200, height: 700)
        #expect(throws: ImageError.timeLimit) { try QRImageReader.scan(image, deadline: Deadline(nanoseconds: 1)) }
        // A blank picture goes through every attempt and says so, within the time bound.
        let blank = try #require(GrayImage(width: 1280, height: 720, pixels: [UInt8](repeating: 200, count: 1280 * 720)))
        let start = Deadline.now
        #expect(try QRImageReader.scan(blank).isEmpty)
        #expect(Deadline.now - start < 5_000_000_000)  // every attempt ran, in bounded time (debug build, sanitizers)
    }
}
