import BHYTCard
import BHYTQR
import CPangoCairo
import NIOConcurrencyHelpers

/// A line of text placed on a card face: its runs, em size, and baseline position (mm from the
/// card's top-left corner); `align` is 0 for left of `x`, 0.5 centred, 1 right.
package struct PlacedLine: Sendable, Hashable {
    package let runs: [TextRun]
    package let size: Double
    package let x: Double
    package let baseline: Double
    package var align: Double = 0

    /// The line's text.
    package var text: String { runs.map(\.text).joined() }
}

/// Where the QR goes on a face: its top-left corner (mm, quiet zone included) and size.
package struct QRBox: Sendable, Hashable {
    package var x, y: Double
    package var placement: QRPlacement
}

/// One face of a card, laid out: the band, the text lines, the QR (front only).
package struct CardFace: Sendable, Hashable {
    package var lines: [PlacedLine] = []
    /// The QR's top-left corner (quiet zone included) and size, on the front.
    package var qr: QRBox?
    /// Where the lowest text ends (mm from the top).
    package var bottom = 0.0
}

/// A printable card at ID-1 size (85.6 × 54 mm; thẻ BHYT): on the front a blue band with the
/// title, the holder's fields in Vietnamese (or English) on the left, the QR with its quiet
/// zone on the right; on the back, how to use the card.
///
/// Laying out fits every field: the name shrinks down to 2 mm, then takes two lines, and is
/// never cut; a card whose text cannot fit is refused with ``PrintError``. The layout is a
/// value: drawing it (``CardPrinter``) makes no more decisions.
public struct CardLayout: Sendable {
    /// ID-1 width and height in millimetres.
    package static let width = 85.6
    /// The card's height in millimetres (ID-1).
    package static let height = 54.0
    /// The band: top and bottom, in mm from the card's top. It touches the left and right edges
    /// (bleed there on sheets), not the top or bottom.
    static let bandTop = 2.0
    static let bandBottom = 9.0
    /// Left and right margins of the text.
    static let margin = 3.0
    /// The QR's right margin, outside its quiet zone, and its top.
    static let qrMargin = 2.5
    static let qrTop = 10.4
    /// The largest QR side, quiet zone included.
    static let qrMaxSide = 28.0
    /// The lowest a text line's ink may reach: 3 mm inside the trim edge (the safe area print
    /// shops ask for, as on the left and right).
    static let textBottom = height - 3.0

    /// The card (thẻ) printed.
    package let card: Card
    /// The QR of the card's text, drawn on the front.
    package let matrix: QRMatrix
    /// Whether the QR holds a signed card (BHXH1:) rather than the legacy text.
    package let signed: Bool
    /// The labels' language (ngôn ngữ): Vietnamese unless asked otherwise.
    package let language: Language
    /// The registered facility's name (tên cơ sở KCB ban đầu), printed after its code when given.
    package let facilityName: String?
    package let front: CardFace
    package let back: CardFace

    /// The QR's module (one dark or light square) in pixels when the card is rasterised at
    /// `dpi`: below 2, scanners stop reading it (the layout draws 3 to 8 pixels at 300 dpi).
    package func qrModulePixels(dpi: Int) -> Double {
        guard let qr = front.qr else { return 0 }
        return qr.placement.module / 25.4 * Double(dpi)
    }

    /// Fewest pixels a module needs in a raster for scanners to read the QR.
    package static let minimumModulePixels = 2.0

    /// Lays out a card. `matrix` is the QR of the card's text (legacy or signed).
    ///
    /// - Throws: ``PrintError/nameDoesNotFit(cardCode:)`` when the name cannot fit uncut on two
    ///   lines at the smallest size, ``PrintError/fieldDoesNotFit(cardCode:field:)`` for another
    ///   field, ``PrintError/qrTooLarge(cardCode:version:)`` for a QR too dense for the card.
    public init(card: Card, matrix: QRMatrix, signed: Bool, language: Language = .vi, facilityName: String? = nil) throws(PrintError) {
        self.card = card
        self.matrix = matrix
        self.signed = signed
        self.language = language
        self.facilityName = facilityName
        let fields = CardFields(card: card, language: language, facilityName: facilityName)
        (front, back) = try RenderLock.run { () throws(PrintError) -> (CardFace, CardFace) in
            let measurer = Measurer.shared
            return (try CardLayout.layOutFront(fields, qrVersion: matrix.version, signed: signed, measure: measurer.text.metrics),
                    try CardLayout.layOutBack(fields, measure: measurer.text.metrics))
        }
    }

    /// Whether a card lays out, without choosing its best layout: the same rules and the same
    /// sizes and gaps as ``init(card:matrix:signed:language:facilityName:)``, smallest first,
    /// stopping at the first that fits (usually the first: a smaller size rarely takes more room,
    /// but a row that starts lower may get the full width below the QR, so every pair is tried
    /// before a card is refused). A test checks that both agree. `qrVersion` is the QR's version
    /// (1–40): only its size matters to the layout, so the symbol itself need not be made.
    ///
    /// - Throws: the ``PrintError`` the full layout would throw.
    package static func checkFits(card: Card, qrVersion: Int, signed: Bool, language: Language, facilityName: String? = nil) throws(PrintError) {
        try checkFits(card: card, qrVersion: qrVersion, signed: signed, languages: [language], facilityName: facilityName)
    }

    /// ``checkFits(card:qrVersion:signed:language:facilityName:)`` in each of `languages`, in order.
    package static func checkFits(card: Card, qrVersion: Int, signed: Bool, languages: [Language], facilityName: String? = nil) throws(PrintError) {
        let fields = languages.map { CardFields(card: card, language: $0, facilityName: facilityName) }
        // The back holds the same notes on every card of a language: laid out once.
        for fields in fields {
            try backFits.withLockedValue { (fits: inout Set<Language>) -> Result<Void, PrintError> in
                guard !fits.contains(fields.language) else { return .success(()) }
                do throws(PrintError) {
                    _ = try RenderLock.run { () throws(PrintError) in try CardLayout.layOutBack(fields, measure: Measurer.shared.text.metrics) }
                } catch {
                    return .failure(error)
                }
                fits.insert(fields.language)
                return .success(())
            }.get()
        }
        // Most cards fit by a wide margin: bounds on the letters' extents show it (see
        // ``FitBound``) without shaping a line; the others are laid out exactly. The letters of
        // every language are looked up at once.
        let texts = fields.map(FitTexts.init)
        let all = texts.flatMap(\.all)
        // First with the table as it is (after a few hundred cards it has every letter and pair
        // a card uses); only when that does not show it, with what the card's text lacks measured.
        var extents = FitBound.snapshot
        var ink = FitBound.ink(of: all, in: extents)
        var complete = false
        for (fields, texts) in zip(fields, texts) {
            if surelyFits(texts, qrVersion: qrVersion, extents: extents, ink: ink) { continue }
            if !complete {
                complete = true
                if let measured = FitBound.extents(of: all), measured !== extents {
                    (extents, ink) = (measured, FitBound.ink(of: all, in: measured))
                    if surelyFits(texts, qrVersion: qrVersion, extents: extents, ink: ink) { continue }
                }
            }
            try RenderLock.run { () throws(PrintError) in
                _ = try CardLayout.layOutFront(fields, qrVersion: qrVersion, signed: signed, measure: Measurer.shared.text.metrics, fitOnly: true)
            }
        }
    }

    /// The languages whose back face was found to fit (it is the same on every card).
    private static let backFits = NIOLockedValueBox<Set<Language>>([])

    /// Measures a line at size 1.
    typealias Metrics = ([TextRun]) -> LineMetrics

    /// The band's title and issuer line. White on blue fills in when small, so the issuer is at
    /// least 1.8 mm (5 pt) bold; the title shrinks (3.2 mm down to 2.2 mm) to leave it 4 mm.
    static func band(_ title: String, _ issuer: String?, measure: Metrics) -> [PlacedLine] {
        let baseline = bandTop + (bandBottom - bandTop) / 2 + 1.15
        let titleRun = [TextRun(title, .title)]
        let issuerRun = issuer.map { [TextRun($0, .title)] }
        let issuerSize = 1.8
        let room = width - 2 * margin - (issuerRun.map { measure($0).width * issuerSize + 4 } ?? 0)
        var size = 3.2
        while size > 2.2, measure(titleRun).width * size > room { size -= 0.1 }
        var lines = [PlacedLine(runs: titleRun, size: size, x: margin, baseline: baseline)]
        if let issuerRun {
            lines.append(PlacedLine(runs: issuerRun, size: issuerSize, x: width - margin, baseline: baseline - 0.1, align: 1))
        }
        return lines
    }

    /// The least room above and below a baseline, in ems, so that rows without marks keep a
    /// regular rhythm; lines with stacked marks (ĐỖ, NGUYỄN) or a dot below (Ộ) take their ink's room.
    static let minimumAscent = 0.93
    static let minimumDescent = 0.24
    /// Space between two lines' ink, in millimetres.
    static let inkGap = 0.3

    /// A column of rows from `top`, `gap` mm apart: each row fitted to the width available at
    /// its top, its baselines placed so that no line's ink meets the line above (measured, marks
    /// included). With `uniform`, every row is set at that size (wrapping as it may), and the
    /// answer is `nil` when one does not fit so; without, each row shrinks as it needs, and one
    /// that cannot fit is an error. Returns the placed lines and the bottom.
    static func flow(_ rows: [CardRow], top: Double, uniform: Double? = nil, gap: Double, width widthAt: (Double) -> Double,
                     measure: Metrics, code: String) throws(PrintError) -> ([PlacedLine], Double)? {
        var lines: [PlacedLine] = []
        var y = top
        for row in rows {
            let fitted = TextFit.fit(row.runs, width: widthAt(y), largest: uniform ?? row.largest, smallest: uniform ?? row.smallest,
                                     maxLines: row.maxLines, shrinkBeforeWrap: row.shrinkBeforeWrap, balance: row.balance, measure: { measure($0).width })
            guard let fitted else {
                if uniform != nil { return nil }
                if row.field == "name" { throw .nameDoesNotFit(cardCode: code) }
                throw .fieldDoesNotFit(cardCode: code, field: row.field)
            }
            let s = fitted.size
            var bottom = y
            for line in fitted.lines {
                let m = measure(line)
                let baseline = bottom + max(m.ascent, minimumAscent) * s + (bottom == y ? 0 : inkGap)
                lines.append(PlacedLine(runs: line, size: s, x: margin, baseline: baseline))
                bottom = baseline + max(m.descent, minimumDescent) * s
            }
            y = bottom + gap
        }
        return (lines, y - gap)
    }

    /// `flow` for rows that always fit or throw.
    static func flowFitted(_ rows: [CardRow], top: Double, gap: Double, width: (Double) -> Double,
                           measure: Metrics, code: String) throws(PrintError) -> ([PlacedLine], Double) {
        try flow(rows, top: top, gap: gap, width: width, measure: measure, code: code) ?? ([], top)
    }

    /// The field rows' sizes to try, largest first: one size for every row.
    static let rowSizes = [2.4, 2.3, 2.2, 2.1, 2.0, 1.9, 1.8, 1.7]
    /// The gaps between rows to try at each size, widest first.
    static let rowGaps = [1.4, 1.0, 0.7, 0.4]

    static func layOutFront(_ fields: CardFields, qrVersion: Int, signed: Bool, measure: Metrics, fitOnly: Bool = false) throws(PrintError) -> CardFace {
        let code = fields.card.code.text
        guard let placement = QRPlacement(modules: 17 + 4 * qrVersion, maxSide: qrMaxSide) else {
            throw .qrTooLarge(cardCode: code, version: qrVersion)
        }
        var face = CardFace()
        face.lines = band(fields.title, fields.issuer, measure: measure)
        let qrX = QRPlacement.snap(width - qrMargin - placement.side)
        let qrY = QRPlacement.snap(qrTop)
        face.qr = QRBox(x: qrX, y: qrY, placement: placement)
        let labelBaseline = qrY + placement.side + 1.7
        // The QR's label: 1.6 mm (4.5 pt), narrower only if the symbol is narrower than it.
        let qrLabel = [TextRun(fields.qrLabel(signed: signed), .label)]
        let qrLabelSize = min(1.6, ((placement.side - 1) / measure(qrLabel).width * 10).rounded(.down) / 10)
        face.lines.append(PlacedLine(runs: qrLabel, size: qrLabelSize, x: qrX + placement.side / 2, baseline: labelBaseline, align: 0.5))
        // Beside the QR the text column ends 1.2 mm before the symbol's quiet zone; below it
        // (and below its label), the full width.
        let narrow = qrX - 1.2 - margin
        let full = width - 2 * margin
        let besideUntil = labelBaseline + 0.6
        let widthAt = { (y: Double) -> Double in y < besideUntil ? narrow : full }
        // The code and the name (their own rule: shrink, then two lines), then the rows, all at
        // one size (see below).
        var (head, y) = try flowFitted([fields.code], top: bandBottom + 1.0, gap: 0, width: widthAt, measure: measure, code: code)
        let label = [TextRun(fields.nameLabel, .label)]
        let nameLabelBaseline = y + 0.5 + max(measure(label).ascent, minimumAscent) * 1.7
        head.append(PlacedLine(runs: label, size: 1.7, x: margin, baseline: nameLabelBaseline))
        y = nameLabelBaseline + max(measure(label).descent, minimumDescent) * 1.7
        let (nameLines, nameBottom) = try flowFitted([fields.name], top: y + inkGap, gap: 0, width: widthAt, measure: measure, code: code)
        head += nameLines
        // Every uniform size and gap that fits; the best is the largest size, less 0.2 mm for
        // each line a row wraps to (a row on one line reads better than a larger one on two),
        // then the larger size, then the widest gap.
        var best: (score: Double, size: Double, gap: Double, lines: [PlacedLine], bottom: Double)?
        search: for size in fitOnly ? rowSizes.reversed() : rowSizes {
            for gap in fitOnly ? rowGaps.reversed() : rowGaps {
                guard let (rows, bottom) = try flow(fields.rows, top: nameBottom + gap, uniform: size, gap: gap,
                                                    width: widthAt, measure: measure, code: code),
                      bottom <= textBottom else { continue }
                let wraps = rows.count - fields.rows.count
                let score = ((size - 0.2 * Double(wraps)) * 100).rounded()
                if let b = best, (b.score, b.size, b.gap) >= (score, size, gap) { continue }
                best = (score, size, gap, rows, bottom)
                if fitOnly { break search }
            }
        }
        if let best {
            face.lines += head + best.lines
            face.bottom = best.bottom
            return face
        }
        // Nothing fits: name the row that cannot fit on its own (it throws), else all together.
        _ = try flowFitted(fields.rows, top: nameBottom, gap: 0, width: widthAt, measure: measure, code: code)
        throw .fieldDoesNotFit(cardCode: code, field: "set of fields (together too tall for the card)")
    }

    static func layOutBack(_ fields: CardFields, measure: Metrics) throws(PrintError) -> CardFace {
        let code = fields.card.code.text
        var face = CardFace()
        face.lines = band(fields.backTitle, nil, measure: measure)
        let (lines, bottom) = try flowFitted(fields.notes, top: bandBottom + 2.0, gap: 1.2, width: { _ in width - 2 * margin },
                                             measure: measure, code: code)
        face.lines += lines
        face.lines.append(PlacedLine(runs: [TextRun(code, .label)], size: 1.6, x: width - margin, baseline: textBottom - 0.4, align: 1))
        face.bottom = bottom
        guard bottom <= textBottom - 2.5 else { throw .fieldDoesNotFit(cardCode: code, field: "notes on the back") }
        return face
    }
}

/// A pango layout on a 1×1 image surface, for measuring text before any page exists. One for
/// the process, used under ``RenderLock``: its cache keeps the labels' measures from card to card.
final class Measurer: @unchecked Sendable {
    static let shared = Measurer()

    private let surface: OpaquePointer
    private let cr: OpaquePointer
    let text: PangoText

    init() {
        surface = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1)
        cr = cairo_create(surface)
        text = PangoText(cairo: cr)
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }
}
