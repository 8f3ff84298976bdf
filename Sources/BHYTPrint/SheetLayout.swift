/// An A4 sheet (210 × 297 mm, portrait) of up to ten ID-1 cards, two columns by five rows,
/// for batch printing (in tờ A4). The band's colour bleeds 2 mm past the card's left and right
/// edges (it does not reach the top or bottom edge); cut marks extend every cut line into
/// the margins, at least 5 mm from the paper's edge (the printable area) and 1 mm off the
/// bleed. Backs are mirrored left-to-right, for long-edge duplex printing.
public struct SheetLayout: Sendable {
    /// A4 width and height in millimetres.
    package static let width = 210.0
    /// A4's height in millimetres.
    package static let height = 297.0
    /// Cards across and down; cards a sheet.
    package static let columns = 2
    /// Rows of cards on a sheet.
    package static let rows = 5
    /// Cards on a full sheet.
    package static let perSheet = columns * rows
    /// Bleed past a coloured area's trimmed edge, in millimetres.
    package static let bleed = 2.0
    /// What printers cannot print near the paper's edge, in millimetres.
    package static let unprintable = 5.0
    /// Space between columns (two bleeds and room to cut) and between rows (no colour there).
    static let columnGap = 8.0
    static let rowGap = 2.0
    /// Cut marks stay this far from the cards (and from the bleed).
    static let markOffset = 1.0

    /// The sheet's cards, in reading order (left to right, top to bottom on the front).
    package let cards: [CardLayout]

    /// One sheet of at most ``perSheet`` cards.
    package init(cards: [CardLayout]) { self.cards = Array(cards.prefix(SheetLayout.perSheet)) }

    /// Sheets for any number of cards, in order.
    public static func sheets(for cards: [CardLayout]) -> [SheetLayout] {
        stride(from: 0, to: cards.count, by: perSheet).map { SheetLayout(cards: Array(cards[$0..<min($0 + perSheet, cards.count)])) }
    }

    static var gridWidth: Double { Double(columns) * CardLayout.width + Double(columns - 1) * columnGap }
    static var gridHeight: Double { Double(rows) * CardLayout.height + Double(rows - 1) * rowGap }
    /// The grid's top-left corner, on the 300 dpi grid so that the QR modules stay crisp.
    static var left: Double { QRPlacement.snap((width - gridWidth) / 2) }
    static var top: Double { QRPlacement.snap((height - gridHeight) / 2) }

    /// The top-left corner of slot `i` (row-major); on a back, the columns are mirrored.
    package static func origin(_ i: Int, back: Bool = false) -> (x: Double, y: Double) {
        let column = back ? columns - 1 - i % columns : i % columns
        let step = QRPlacement.snap(CardLayout.width + columnGap)
        let rowStep = QRPlacement.snap(CardLayout.height + rowGap)
        return (left + Double(column) * step, top + Double(i / columns) * rowStep)
    }

    /// The cut marks as line segments (x1, y1, x2, y2) in millimetres.
    package static var cutMarks: [(Double, Double, Double, Double)] {
        var marks: [(Double, Double, Double, Double)] = []
        let e = unprintable + 0.5
        let gridRight = origin(columns - 1).x + CardLayout.width
        let gridBottom = origin(perSheet - 1).y + CardLayout.height
        for c in 0..<columns {
            for x in [origin(c).x, origin(c).x + CardLayout.width] {
                marks.append((x, e, x, top - markOffset))
                marks.append((x, gridBottom + markOffset, x, height - e))
            }
        }
        for r in 0..<rows {
            for y in [origin(r * columns).y, origin(r * columns).y + CardLayout.height] {
                marks.append((e, y, left - bleed - markOffset, y))
                marks.append((gridRight + bleed + markOffset, y, width - e, y))
            }
        }
        return marks
    }
}
