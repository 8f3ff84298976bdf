/// An A4 sheet (210 × 297 mm) of up to ten ID-1 cards, two columns by five rows, with
/// cut marks at every card corner, for batch printing. More cards make more sheets.
public struct SheetLayout: Sendable {
    public static let width = 210.0
    public static let height = 297.0
    public static let columns = 2
    public static let rows = 5
    public static let perSheet = columns * rows
    /// Space between cards, in millimetres.
    static let gap = 4.0

    public let cards: [CardLayout]

    /// One sheet of at most ``perSheet`` cards.
    public init(cards: [CardLayout]) { self.cards = Array(cards.prefix(SheetLayout.perSheet)) }

    /// Sheets for any number of cards, in order.
    public static func sheets(for cards: [CardLayout]) -> [SheetLayout] {
        stride(from: 0, to: cards.count, by: perSheet).map { SheetLayout(cards: Array(cards[$0..<min($0 + perSheet, cards.count)])) }
    }

    /// The top-left corner of slot `i`.
    static func origin(_ i: Int) -> (x: Double, y: Double) {
        let totalW = Double(columns) * CardLayout.width + Double(columns - 1) * gap
        let totalH = Double(rows) * CardLayout.height + Double(rows - 1) * gap
        let x0 = (width - totalW) / 2, y0 = (height - totalH) / 2
        return (x0 + Double(i % columns) * (CardLayout.width + gap), y0 + Double(i / columns) * (CardLayout.height + gap))
    }

    public var svg: String {
        var body = ""
        for (i, card) in cards.enumerated() {
            let o = SheetLayout.origin(i)
            body += card.elements(x: o.x, y: o.y)
            body += cutMarks(x: o.x, y: o.y)
        }
        return SVGDocument.wrap(width: SheetLayout.width, height: SheetLayout.height, body: body, title: "BHYT cards, A4 sheet")
    }

    /// Short marks outside each corner, 3 mm long, 1 mm away from the card's edge.
    private func cutMarks(x: Double, y: Double) -> String {
        var d = ""
        for (cx, cy, sx, sy) in [(x, y, -1.0, -1.0), (x + CardLayout.width, y, 1.0, -1.0),
                                 (x, y + CardLayout.height, -1.0, 1.0), (x + CardLayout.width, y + CardLayout.height, 1.0, 1.0)] {
            d += "M\(SVG.mm(cx + sx)) \(SVG.mm(cy))h\(SVG.mm(sx * 2.5))"
            d += "M\(SVG.mm(cx)) \(SVG.mm(cy + sy))v\(SVG.mm(sy * 2.5))"
        }
        return "<path d=\"\(d)\" stroke=\"#000\" stroke-width=\"0.15\" fill=\"none\"/>"
    }
}
