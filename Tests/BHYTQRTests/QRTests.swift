import BHYTQR
import BHYTImage
import Foundation
import Testing

enum SampleTexts {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("samples")

    /// Every sample card's QR text: legacy, and signed with each algorithm.
    static func all() throws -> [String] {
        try ["legacy", "signed/es256", "signed/eddsa"].flatMap { dir -> [String] in
            let folder = root.appendingPathComponent(dir)
            return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }.sorted().map {
                try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8).trimmingCharacters(in: .newlines)
            }
        }
    }
}

@Suite struct QRTests {
    @Test func segmentsByKind() {
        #expect(QREncoder.segments(forCardText: "BHXH1:0123") == [.alphanumeric("BHXH1:"), .numeric("0123")])
        #expect(QREncoder.segments(forCardText: "DN4|ab|$") == [.bytes(Array("DN4|ab|$".utf8))])
        #expect(QREncoder.segments(forCardText: "BHXH1:12a") == [.bytes(Array("BHXH1:12a".utf8))])
    }

    @Test func matrixShapeAndLevels() throws {
        var previous = 0
        for level in ErrorCorrection.allCases {
            let m = try QREncoder.encode(cardText: "BHXH1:" + String(repeating: "7", count: 500), errorCorrection: level)
            #expect(m.size == 17 + 4 * m.version && m.modules.count == m.size * m.size && m.errorCorrection == level)
            #expect(m.version >= previous)
            previous = m.version
            // Finder pattern: a 7×7 dark ring at the top-left corner.
            #expect((0..<7).allSatisfy { m[$0, 0] && m[0, $0] && m[$0, 6] && m[6, $0] } && !m[1, 1] && m[3, 3])
        }
        let forced = try QREncoder.encode(cardText: "BHXH1:1", minimumVersion: 20)
        #expect(forced.version == 20)
    }

    @Test func tooMuchDataIsAnError() {
        #expect(throws: QREncodeError.tooLarge(.H)) { try QREncoder.encode(cardText: String(repeating: "x", count: 3000), errorCorrection: .H) }
    }

    /// Every sample, every level, smallest allowed scale: zbar reads back the identical text.
    @Test(arguments: ErrorCorrection.allCases)
    func zbarReadsBackEverySample(_ level: ErrorCorrection) throws {
        let texts = try SampleTexts.all()
        #expect(texts.count == 21)
        for text in texts {
            let matrix = try QREncoder.encode(cardText: text, errorCorrection: level)
            let png = try PNGWriter.png(matrix, options: PNGRenderOptions(scale: PNGRenderOptions.minimumScale))
            #expect(try QRImageReader.readSingle(png) == text)
        }
    }

    @Test func optionsClampAndPrintSize() throws {
        let o = PNGRenderOptions(scale: 1, margin: 1)
        #expect(o.scale == PNGRenderOptions.minimumScale && o.margin == 4)
        let m = try QREncoder.encode(cardText: "BHXH1:" + String(repeating: "1", count: 600))
        let p = try #require(PNGRenderOptions.printSize(matrix: m, sizeMM: 40, dpi: 600))
        #expect(Double((m.size + 8) * p.scale) <= 40 / 25.4 * 600 && p.pixelsPerMetre == 23622)
        #expect(PNGRenderOptions.printSize(matrix: m, sizeMM: 10, dpi: 150) == nil)
    }

    @Test func imageErrors() throws {
        #expect(throws: ImageError.self) { try QRImageReader.readSingle(Array("not a png".utf8)) }
        #expect(throws: ImageError.self) { try QRImageReader.readSingle([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) }
        let blank = try PNGWriter.png(QRMatrix(version: 1, errorCorrection: .M, size: 21, modules: Array(repeating: false, count: 441)))
        #expect(throws: ImageError.noQRCode) { try QRImageReader.readSingle(blank) }
        let image = try PNGReader.read(blank)
        #expect(image.width == (21 + 8) * 4 && image.pixels.allSatisfy { $0 == 255 })
    }
}

/// The version a card's text takes at level M, from bit lengths alone (what the issuer's print
/// fit check uses), is the version libqrencode chooses: every signed length from 1 to 5,600
/// digits, and legacy (byte-mode) text.
@Suite struct QRVersionTests {
    @Test func estimateMatchesLibqrencode() throws {
        var checked = 0
        for n in stride(from: 1, through: 5600, by: 7) {
            let text = "BHXH1:" + String(repeating: "7", count: n)
            let estimate = QREncoder.versionAtLevelM(cardText: text)
            if let matrix = try? QREncoder.encode(cardText: text, errorCorrection: .M) {
                #expect(estimate == matrix.version, "\(n) digits")
                checked += 1
            } else {
                #expect(estimate == nil, "\(n) digits")
            }
        }
        for n in stride(from: 1, through: 2400, by: 13) {
            let text = String(repeating: "a|", count: n / 2) + "$"
            let matrix = try? QREncoder.encode(cardText: text, errorCorrection: .M)
            #expect(QREncoder.versionAtLevelM(cardText: text) == matrix?.version, "\(n) bytes")
        }
        #expect(checked > 700)
    }
}
