import ArgumentParser
import BHYTCard
import BHYTDesk
import BHYTPrint
import BHYTQR
import Foundation

struct CardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "card",
        abstract: "Print cards: PDF (fonts embedded), PNG or SVG; ID-1 size, or A4 sheets with cut marks.",
        discussion: """
            INPUT is card QR text (legacy or BHXH1:), a file of them (one a line), or - for stdin. \
            Every field the card shows is printed, uncut (the name shrinks, then takes two lines); \
            a card whose text cannot fit is refused, named by its card code. The QR is vector \
            rectangles, 3 or more pixels a module at 300 dpi, with its 4-module quiet zone. \
            Labels are Vietnamese unless --lang en, whatever the locale.
            --out writes one card (ID-1 page, 85.6 × 54 mm; --back adds the back as a second page, \
            or FILE-back.png/svg); --out-dir one file per card (000001.pdf, …); --sheets DIR A4 \
            sheets of ten cards (sheet-001.pdf, …), or --sheets FILE.pdf one PDF of every sheet. \
            The format is --format, else the --out extension, else PDF. File names carry no personal data.
            Exit status: 0 all printed; 1 some card unreadable or not fitting (the others are printed); 2 usage or I/O error.
            """)

    @Option(help: ArgumentHelp("One card to this file (.pdf, .png or .svg).", valueName: "FILE"))
    var out: String?

    @Option(name: .customLong("out-dir"), help: ArgumentHelp("One file per card in this folder.", valueName: "DIR"))
    var outDir: String?

    @Option(help: ArgumentHelp("A4 sheets (ten cards each, cut marks) in this folder, or all in one FILE.pdf.", valueName: "DIR|FILE.pdf"))
    var sheets: String?

    @Option(help: ArgumentHelp("Output format (default: from the --out extension, else pdf).", valueName: "pdf|png|svg"))
    var format: PrintFormat?

    @Flag(help: "Print the back too (a second page, or FILE-back.png/svg; on sheets, mirrored for duplex).")
    var back = false

    @Option(help: ArgumentHelp("PNG resolution in dots per inch.", valueName: "DPI"))
    var dpi = 300

    @Option(help: ArgumentHelp("Error correction level.", valueName: "L|M|Q|H"))
    var ecc: ErrorCorrection = .M

    @Option(name: .long, help: ArgumentHelp("Language of the card's labels (default vi, whatever the locale) and of the messages (default from the locale).", valueName: "vi|en"))
    var lang: Language?

    @Argument(help: ArgumentHelp("Card QR text, files, or - for stdin.", valueName: "INPUT"))
    var inputs: [String] = []

    func validate() throws {
        guard [out, outDir, sheets].compactMap({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --out FILE, --out-dir DIR or --sheets DIR|FILE.pdf")
        }
        guard (72...1200).contains(dpi) else { throw ValidationError("--dpi must be between 72 and 1200") }
        if let out, format == nil, extensionFormat(out) == nil, out != "-" {
            throw ValidationError("cannot tell the format of \(out): name it .pdf, .png or .svg, or give --format")
        }
        if let sheets, sheetsFile(sheets), resolvedFormat != .pdf {
            throw ValidationError("--sheets FILE.pdf makes one PDF; for PNG or SVG give a folder")
        }
        if let sheets, Files.kind(sheets) != .directory, let ext = extensionFormat(sheets), ext != .pdf {
            throw ValidationError("--sheets takes a folder or FILE.pdf, not \(sheets); for PNG or SVG sheets give a folder (and --format \(ext.rawValue))")
        }
    }

    /// The format from --format, else from the extension of --out, else PDF.
    var resolvedFormat: PrintFormat { format ?? out.flatMap(extensionFormat) ?? .pdf }

    func extensionFormat(_ path: String) -> PrintFormat? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        return PrintFormat(rawValue: path[path.index(after: dot)...].lowercased())
    }

    /// Whether --sheets names one PDF file rather than a folder.
    func sheetsFile(_ path: String) -> Bool { path.lowercased().hasSuffix(".pdf") && Files.kind(path) != .directory }

    func run() throws {
        var layouts: [(layout: CardLayout, name: String)] = []
        var failures = 0, ioErrors = 0, items = 0
        var progress = Progress("card", every: 200)
        let reader = InputReader(arguments: inputs)
        while let item = reader.next() {
            items += 1
            let text: String
            switch item.content {
            case .text(let t): text = t
            case .unreadable(let why):
                // A missing or unreadable file is an I/O error, never a card that failed.
                Console.error("bhyt card: \(why)")
                ioErrors += 1
                continue
            case .tooLong(let n):
                Console.error("\(item.origin): a line of \(n) bytes is no card")
                failures += 1
                continue
            case .image:
                Console.error("\(item.origin): an image, not card QR text; `bhyt inspect \(item.origin)` shows the text of its QR")
                failures += 1
                continue
            case .json:
                Console.error("\(item.origin): a card's JSON, not its QR text; sign it with `bhyt issue` first")
                failures += 1
                continue
            }
            let read: CardText
            do {
                read = try CardText.read(text)
            } catch {
                Console.error("\(item.origin): not a readable card — \(error.code.rawValue): \(error.message(.en))")
                failures += 1
                continue
            }
            do {
                let canonical: String
                var signed = false
                switch read {
                case .legacy(let l): canonical = l.text
                case .signed:
                    canonical = CardTextKind.trimmed(text)
                    signed = true
                }
                let matrix = try QREncoder.encode(cardText: canonical, errorCorrection: ecc)
                let layout = try CardLayout(card: read.card, matrix: matrix, signed: signed, language: lang ?? .vi)
                layouts.append((layout, Files.outputName(for: item, inputs: inputs)))
            } catch let error as PrintError {
                let messages = lang ?? LanguageOption.locale
                Console.error("\(item.origin): " + (messages == .vi ? "không in được: " : "cannot print: ") + error.message(messages))
                failures += 1
            } catch {
                Console.error("\(item.origin): cannot lay out: \(error)")
                failures += 1
            }
            progress.tick()
        }
        progress.finish()
        if items == 0 {
            Console.error("bhyt card: no card in the input (an empty file or stream)")
            throw ExitCode(2)
        }
        // Nothing printable: no file is written (not an empty sheet).
        if layouts.isEmpty { throw ExitCode(ioErrors > 0 ? 2 : 1) }
        if resolvedFormat == .png, let px = layouts.map({ $0.layout.qrModulePixels(dpi: dpi) }).min(), px < CardLayout.minimumModulePixels {
            Console.error(String(format: "bhyt card: warning: at %d dpi a QR module is %.1f pixels; scanners need %.0f or more: use --dpi 150 or more (300 for print)",
                                 dpi, px, CardLayout.minimumModulePixels))
        }
        let options = CardPrinter.Options(format: resolvedFormat, dpi: dpi)
        let ext = resolvedFormat.rawValue
        do {
            if let out {
                guard layouts.count == 1, let only = layouts.first else {
                    Console.error("bhyt card: --out takes exactly one card (got \(layouts.count)); use --out-dir or --sheets")
                    throw ExitCode(2)
                }
                try write(CardPrinter.card(only.layout, back: back, options: options), to: out)
            } else if let outDir {
                try Files.makeFolder(outDir)
                for (layout, name) in layouts {
                    try write(CardPrinter.card(layout, back: back, options: options), to: "\(outDir)/\(name).\(ext)")
                }
            } else if let sheets {
                let pages = SheetLayout.sheets(for: layouts.map(\.layout))
                if sheetsFile(sheets) {
                    try write(CardPrinter.sheets(pages, back: back, onePDF: true, options: options), to: sheets)
                } else {
                    try Files.makeFolder(sheets)
                    let files = try CardPrinter.sheets(pages, back: back, options: options)
                    // PDF: a file a sheet (its back inside); PNG/SVG: a file a page, backs after fronts.
                    let perSheet = resolvedFormat == .pdf || !back ? 1 : 2
                    for (i, bytes) in files.enumerated() {
                        let number = numbered(i / perSheet + 1, width: 3)
                        let name = i % perSheet == 0 ? "sheet-\(number).\(ext)" : "sheet-\(number)-back.\(ext)"
                        try Files.write(bytes, to: "\(sheets)/\(name)", replace: true)
                    }
                }
            }
        } catch let e as Files.WriteError {
            Console.error("bhyt card: " + e.message(lang ?? LanguageOption.locale))
            throw ExitCode(2)
        } catch let e as PrintError {
            Console.error("bhyt card: \(e.message(lang ?? LanguageOption.locale))")
            throw ExitCode(2)
        }
        if ioErrors > 0 { throw ExitCode(2) }
        if failures > 0 { throw ExitCode(1) }
    }

    /// Writes a PDF (front and back pages in one file), or a PNG/SVG front and its back as
    /// `NAME-back.EXT`.
    func write(_ files: [[UInt8]], to path: String) throws {
        for (i, bytes) in files.enumerated() {
            try Files.write(bytes, to: i == 0 ? path : backPath(path), replace: true)
        }
    }

    func backPath(_ path: String) -> String {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return path + "-back" }
        return path[..<dot] + "-back" + path[dot...]
    }
}

extension PrintFormat: ExpressibleByArgument {}

func numbered(_ n: Int, width: Int = 6) -> String {
    String(repeating: "0", count: max(0, width - String(n).count)) + String(n)
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}

#if canImport(Glibc)
import Glibc
#endif
