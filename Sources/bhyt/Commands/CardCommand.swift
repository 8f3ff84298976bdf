import ArgumentParser
import BHYTCard
import BHYTDesk
import BHYTPrint
import BHYTQR

struct CardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "card",
        abstract: "Lay out printable cards (SVG): ID-1 size, or A4 sheets with cut marks.",
        discussion: """
            INPUT is card QR text (legacy or BHXH1:), a file of them (one a line), or - for stdin. \
            The QR is drawn as vector paths; the holder's fields stay text for the printer's fonts.
            --out writes one card; --out-dir one SVG per card (000001.svg, …); --sheets A4 sheets \
            of ten cards (sheet-001.svg, …).
            """)

    @Option(help: ArgumentHelp("One card to this SVG file.", valueName: "FILE.svg"))
    var out: String?

    @Option(name: .customLong("out-dir"), help: ArgumentHelp("One SVG per card in this folder.", valueName: "DIR"))
    var outDir: String?

    @Option(help: ArgumentHelp("A4 sheets (ten cards each, cut marks) in this folder.", valueName: "DIR"))
    var sheets: String?

    @Option(help: ArgumentHelp("Error correction level.", valueName: "L|M|Q|H"))
    var ecc: ErrorCorrection = .M

    @OptionGroup var language: LanguageOption

    @Argument(help: ArgumentHelp("Card QR text, files, or - for stdin.", valueName: "INPUT"))
    var inputs: [String] = []

    func validate() throws {
        guard [out, outDir, sheets].compactMap({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --out FILE.svg, --out-dir DIR or --sheets DIR")
        }
    }

    func run() throws {
        var layouts: [CardLayout] = []
        var failures = 0
        var progress = Progress("card", every: 200)
        let reader = InputReader(arguments: inputs)
        while let item = reader.next() {
            guard case .text(let text) = item.content else {
                Console.error("\(item.origin): not card QR text")
                failures += 1
                continue
            }
            do {
                let read = try CardText.read(text)
                let canonical: String
                var signed = false
                switch read {
                case .legacy(let l): canonical = l.text
                case .signed:
                    canonical = text.trimmingCharacters(in: " \r\n")
                    signed = true
                }
                let matrix = try QREncoder.encode(cardText: canonical, errorCorrection: ecc)
                layouts.append(CardLayout(card: read.card, matrix: matrix, signed: signed, language: language.language))
            } catch {
                Console.error("\(item.origin): cannot lay out: \(error)")
                failures += 1
            }
            progress.tick()
        }
        progress.finish()
        do {
            if let out {
                guard layouts.count == 1, let only = layouts.first else {
                    Console.error("bhyt card: --out takes exactly one card (got \(layouts.count)); use --out-dir or --sheets")
                    throw ExitCode(2)
                }
                try Files.write(only.svg, to: out, replace: true)
            } else if let outDir {
                mkdir(outDir, 0o755)
                for (i, layout) in layouts.enumerated() { try Files.write(layout.svg, to: "\(outDir)/\(numbered(i + 1)).svg", replace: true) }
            } else if let sheets {
                mkdir(sheets, 0o755)
                for (i, sheet) in SheetLayout.sheets(for: layouts).enumerated() {
                    try Files.write(sheet.svg, to: "\(sheets)/sheet-\(numbered(i + 1, width: 3)).svg", replace: true)
                }
            }
        } catch let e as Files.WriteError {
            Console.error("bhyt card: \(e)")
            throw ExitCode(2)
        }
        if failures > 0 { throw ExitCode(1) }
    }
}

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
