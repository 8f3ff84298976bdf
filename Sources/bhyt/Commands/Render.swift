import ArgumentParser
import BHYTQR

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make a PNG QR code from a card's QR text.",
        discussion: """
            TEXT is the QR text (legacy or BHXH1:), or - to read it from stdin. Signed text is \
            encoded as an alphanumeric segment (BHXH1:) then a numeric one; legacy text as bytes.
            With --out-dir, every stdin line becomes DIR/000001.png, DIR/000002.png, … in order.
            Print size: --dpi 300 --size-mm 30 picks the pixels per module and records the DPI in the PNG.
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

    @Option(help: ArgumentHelp("Output PNG file.", valueName: "FILE.png"))
    var out: String?

    @Option(name: .customLong("out-dir"), help: ArgumentHelp("Batch: one PNG per input line into this folder.", valueName: "DIR"))
    var outDir: String?

    @Flag(help: "Report the QR version, size and mode used.")
    var verbose = false

    @Argument(help: ArgumentHelp("QR text, or - for stdin.", valueName: "TEXT"))
    var text: String = "-"

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

    func run() throws {
        var failures = 0
        if let out {
            let item = text == "-" ? Inputs(arguments: ["-"]).first(where: { _ in true }) : InputItem(origin: "argument", content: .text(text))
            guard case .text(let t)? = item?.content else {
                Console.error("bhyt render: no text to encode")
                throw ExitCode(2)
            }
            if !render(t, to: out, origin: item?.origin ?? "") { failures += 1 }
        } else if let outDir {
            mkdir(outDir, 0o755)
            var progress = Progress("render", every: 500)
            var n = 0
            for item in Inputs(arguments: [text]) {
                guard case .text(let t) = item.content else { continue }
                n += 1
                if !render(t, to: outDir + "/" + numbered(n) + ".png", origin: item.origin) { failures += 1 }
                progress.tick()
            }
            progress.finish()
        }
        if failures > 0 { throw ExitCode(1) }
    }

    private func render(_ text: String, to path: String, origin: String) -> Bool {
        do {
            let matrix = try QREncoder.encode(cardText: text, errorCorrection: ecc, minimumVersion: minVersion)
            var options = PNGRenderOptions(scale: scale, margin: margin)
            if let dpi {
                guard let printable = PNGRenderOptions.printSize(matrix: matrix, sizeMM: sizeMM ?? 0, dpi: dpi, margin: margin) else {
                    Console.error("\(origin): \(sizeMM ?? 0) mm at \(dpi) dpi gives under \(PNGRenderOptions.minimumScale) pixels per module "
                                  + "for this \(matrix.size)-module code; print it larger or at a higher --dpi")
                    return false
                }
                options = printable
            }
            let png = try PNGWriter.png(matrix, options: options)
            try Files.write(png, to: path, replace: true)
            if verbose {
                let mode = QREncoder.segments(forCardText: text).count == 2 ? "alphanumeric+numeric" : "byte"
                Console.error("\(path): QR version \(matrix.version), level \(ecc.rawValue), \(matrix.size)×\(matrix.size) modules, "
                              + "\(options.scale) px/module, margin \(options.margin), \(mode), \(png.count) bytes")
            }
            return true
        } catch {
            Console.error("\(origin): cannot render: \(error)")
            return false
        }
    }
}

extension ErrorCorrection: ExpressibleByArgument {}

#if canImport(Glibc)
import Glibc
#endif
