import ArgumentParser
import BHYTCard
import BHYTDesk
import BHYTQR
import Foundation

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make PNG QR codes from cards' QR text.",
        discussion: """
            INPUT is card QR text (legacy or BHXH1:), a text file (one card a line), or - for stdin \
            (the default), read as verify and inspect read it. Signed text is encoded as an \
            alphanumeric segment (BHXH1:) then a numeric one; legacy text as bytes. Text that is no \
            card is refused unless --raw is given. An argument that is neither card text nor - is a \
            file name; give other text on stdin: echo 'any text' | bhyt render --raw --out x.png -
            --out FILE.png (or - for stdout) takes exactly one card; --out-dir DIR writes one PNG per \
            card, named by its line number (000001.png, …; blank lines keep their numbers; with \
            several inputs, 02-000001.png names input 2's first line).
            Print size: --dpi 300 --size-mm 30 makes the image exactly 30 mm wide at 300 dpi \
            (whole pixels per module, the quiet zone takes the rest) and records the DPI in the PNG.
            Exit status: 0 all rendered; 1 some input refused; 2 usage or I/O error.
            """)

    @Option(help: ArgumentHelp("Error correction level.", valueName: "L|M|Q|H"))
    var ecc: ErrorCorrection = .M

    @Option(help: ArgumentHelp("Pixels per module.", valueName: "PIXELS"))
    var scale: Int = 4

    @Option(help: ArgumentHelp("Quiet zone in modules (at least 4).", valueName: "MODULES"))
    var margin: Int = 4

    @Option(help: ArgumentHelp("Print resolution (with --size-mm).", valueName: "N"))
    var dpi: Int?

    @Option(name: .customLong("size-mm"), help: ArgumentHelp("Printed width of the symbol with its quiet zone, in mm (with --dpi).", valueName: "MM"))
    var sizeMM: Double?

    @Option(name: .customLong("min-version"), help: ArgumentHelp("Smallest QR version to use (1–40).", valueName: "V"))
    var minVersion: Int = 1

    @Option(help: ArgumentHelp("One card to this PNG file (- for standard output).", valueName: "FILE.png"))
    var out: String?

    @Option(name: .customLong("out-dir"), help: ArgumentHelp("One PNG per card into this folder.", valueName: "DIR"))
    var outDir: String?

    @Flag(help: "Encode any text, not only card QR text.")
    var raw = false

    @Flag(help: "Report the QR version, size and mode used.")
    var verbose = false

    @OptionGroup var language: LanguageOption

    @Argument(help: ArgumentHelp("Card QR text, text files, or - for stdin.", valueName: "INPUT"))
    var inputs: [String] = []

    func validate() throws {
        guard (out == nil) != (outDir == nil) else { throw ValidationError("give exactly one of --out FILE.png or --out-dir DIR") }
        guard scale >= PNGRenderOptions.minimumScale, scale <= 100 else {
            throw ValidationError("--scale must be \(PNGRenderOptions.minimumScale)–100 pixels per module (1 is not reliably scannable)")
        }
        guard margin >= PNGRenderOptions.minimumMargin else { throw ValidationError("--margin must be at least 4 modules (the QR quiet zone)") }
        guard (dpi == nil) == (sizeMM == nil) else { throw ValidationError("--dpi and --size-mm go together") }
        if let dpi, dpi < 72 || dpi > 4800 { throw ValidationError("--dpi must be 72–4800") }
        if let sizeMM, sizeMM < 5 || sizeMM > 500 { throw ValidationError("--size-mm must be 5–500") }
        guard (1...40).contains(minVersion) else { throw ValidationError("--min-version must be 1–40") }
    }

    struct Result: Sendable {
        var png: [UInt8]?
        var message: String?
        var report: String?
        var origin: String
        var name: String?
        var ioError = false
    }

    func run() throws {
        let lang = language.language
        if let outDir {
            do {
                try Files.makeFolder(outDir)
            } catch {
                Console.error("bhyt render: " + ErrorText.error(error, lang))
                throw ExitCode(2)
            }
        }
        let reader = InputReader(arguments: inputs, language: lang)
        let options = self
        var rendered: [Result] = []
        var failures = 0, ioErrors = 0, count = 0
        var progress = Progress("render", every: 500)
        OrderedPipeline.run(threads: Machine.cores, source: { reader.next() }, transform: { item -> Result in
            options.render(item)
        }, emit: { result in
            if result.ioError {
                Console.error("bhyt render: \(result.message ?? result.origin)")
                ioErrors += 1
                return
            }
            count += 1
            if let message = result.message { Console.error("\(result.origin): \(message)"); failures += 1; return }
            if let report = result.report { Console.error(report) }
            if out != nil {
                rendered.append(result)  // written once it is known to be the only one
            } else if let outDir, let png = result.png, let name = result.name {
                do {
                    try Files.write(png, to: outDir + "/" + name, replace: true)
                } catch {
                    Console.error("bhyt render: " + ErrorText.error(error, lang))
                    ioErrors += 1
                }
            }
            progress.tick()
        })
        progress.finish()
        if let out {
            if count > 1 {
                Console.error(lang == .vi ? "bhyt render: --out nhận một thẻ, đầu vào có \(count); dùng --out-dir THƯ_MỤC cho nhiều thẻ"
                                          : "bhyt render: --out takes one card, and the input has \(count); use --out-dir DIR for several")
                throw ExitCode(2)
            }
            if count == 0 && ioErrors == 0 {
                Console.error(lang == .vi ? "bhyt render: không có thẻ nào để tạo ảnh" : "bhyt render: no card to render")
                throw ExitCode(2)
            }
            if let png = rendered.first?.png {
                do {
                    try Files.write(png, to: out, replace: true)
                } catch {
                    Console.error("bhyt render: " + ErrorText.error(error, lang))
                    throw ExitCode(2)
                }
            }
        }
        if ioErrors > 0 { throw ExitCode(2) }
        if failures > 0 { throw ExitCode(1) }
    }

    /// One item to a PNG, or why not.
    func render(_ item: InputItem) -> Result {
        let lang = language.language, vi = lang == .vi
        var result = Result(origin: item.origin)
        let text: String
        switch item.content {
        case .text(let t): text = CardTextKind.trimmed(t)
        case .tooLong(let n): result.message = vi ? "một dòng \(n) byte không phải thẻ" : "a line of \(n) bytes is no card"; return result
        case .image, .json:
            result.message = vi ? "không phải chuỗi QR của thẻ (hãy cho chuỗi của thẻ, mỗi dòng một thẻ)" : "not card QR text (give the card's text, one a line)"
            return result
        case .unreadable(let why): result.message = why; result.ioError = true; return result
        }
        if !raw {
            do {
                _ = try CardText.read(text)
            } catch {
                result.message = vi ? "không phải chuỗi QR của thẻ (\(error.code.rawValue): \(error.message(.vi))); --raw mã hóa chuỗi bất kỳ"
                    : "not card QR text (\(error.code.rawValue): \(error.message(.en))); --raw encodes any text"
                return result
            }
        }
        do {
            let matrix = try QREncoder.encode(cardText: text, errorCorrection: ecc, minimumVersion: minVersion)
            var png = PNGRenderOptions(scale: scale, margin: margin)
            if let dpi, let sizeMM {
                guard let printable = PNGRenderOptions.printSize(matrix: matrix, sizeMM: sizeMM, dpi: dpi, margin: margin) else {
                    result.message = vi
                        ? "\(sizeMM) mm ở \(dpi) dpi cho dưới \(PNGRenderOptions.minimumScale) điểm ảnh mỗi mô-đun với mã \(matrix.size) mô-đun này; "
                            + "hãy in lớn hơn hoặc dùng --dpi cao hơn"
                        : "\(sizeMM) mm at \(dpi) dpi gives under \(PNGRenderOptions.minimumScale) pixels per module "
                            + "for this \(matrix.size)-module code; print it larger or at a higher --dpi"
                    return result
                }
                png = printable
            }
            result.png = try PNGWriter.png(matrix, options: png)
            result.name = Files.outputName(for: item, inputs: inputs) + ".png"
            if verbose {
                let mode = QREncoder.segments(forCardText: text).count == 2 ? "alphanumeric+numeric" : "byte"
                let size = png.printedMM(for: matrix).map { String(format: ", prints %.1f mm wide at %d dpi", $0, png.dpi ?? 0) } ?? ""
                result.report = "\(item.origin): QR version \(matrix.version), level \(ecc.rawValue), \(matrix.size)×\(matrix.size) modules, "
                    + "\(png.scale) px/module, \(png.side(for: matrix)) px\(size), \(mode), \(result.png?.count ?? 0) bytes"
            }
        } catch {
            result.message = (vi ? "không tạo được ảnh: " : "cannot render: ") + ErrorText.error(error, lang)
        }
        return result
    }
}

extension ErrorCorrection: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.uppercased()) }
}

#if canImport(Glibc)
import Glibc
#endif
