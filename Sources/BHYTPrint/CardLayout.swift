import BHYTCard
import BHYTQR

/// A printable card at ID-1 size (85.6 × 54 mm): the QR code with its quiet zone on the
/// right, the holder's fields in Vietnamese (or English) on the left. Text stays text, in
/// the printer's sans-serif fonts; the QR is drawn as vector paths.
public struct CardLayout: Sendable {
    /// ID-1 width and height in millimetres.
    public static let width = 85.6
    public static let height = 54.0
    /// The QR symbol's side, quiet zone included, in millimetres.
    public static let qrSide = 40.0

    public let card: Card
    public let matrix: QRMatrix
    public let language: Language
    /// A label for the kind of QR (signed or legacy) printed under the symbol.
    public let qrLabel: String

    public init(card: Card, matrix: QRMatrix, signed: Bool, language: Language = .vi) {
        self.card = card
        self.matrix = matrix
        self.language = language
        qrLabel = signed ? (language == .vi ? "QR có chữ ký số BHXH1" : "Signed QR (BHXH1)")
                         : (language == .vi ? "QR mẫu cũ (không ký số)" : "Legacy QR (unsigned)")
    }

    /// The card's SVG elements, drawn at (x, y) in millimetres (for sheets).
    public func elements(x: Double, y: Double) -> String {
        let vi = language == .vi
        var s = "<g transform=\"translate(\(SVG.mm(x)) \(SVG.mm(y)))\">"
        s += "<rect x=\"0.2\" y=\"0.2\" width=\"85.2\" height=\"53.6\" rx=\"3.18\" fill=\"#fff\" stroke=\"#1f5fa8\" stroke-width=\"0.4\"/>"
        s += "<rect x=\"0.2\" y=\"0.2\" width=\"85.2\" height=\"8\" rx=\"3.18\" fill=\"#1f5fa8\"/>"
        s += text(vi ? "THẺ BẢO HIỂM Y TẾ" : "HEALTH INSURANCE CARD", x: 3, y: 5.6, size: 3.4, weight: "bold", fill: "#fff")
        s += matrix.svgGroup(x: CardLayout.width - CardLayout.qrSide - 2, y: 9.5, side: CardLayout.qrSide)
        s += text(qrLabel, x: CardLayout.width - 2 - CardLayout.qrSide / 2, y: 52, size: 1.6, anchor: "middle")
        var lineY = 12.5
        func field(_ label: String, _ value: String, size: Double = 2.3, bold: Bool = false, maxLines: Int = 1, width: Int = 30) {
            s += text(label, x: 3, y: lineY, size: 1.6, fill: "#555")
            lineY += 2.4
            for line in SVG.wrap(value, width: width, maxLines: maxLines) {
                s += text(line, x: 3, y: lineY, size: size, weight: bold ? "bold" : nil)
                lineY += size + 0.5
            }
            lineY += 0.6
        }
        field(vi ? "Họ và tên" : "Name", card.fullName.uppercased(), size: 2.8, bold: true, maxLines: 2, width: 22)
        field(vi ? "Ngày sinh · Giới tính" : "Date of birth · Sex", "\(card.birthDate.legacyText) · \(card.sex.label(language))")
        field(vi ? "Mã thẻ" : "Card code", card.code.text, bold: true)
        field(vi ? "Nơi ĐK KCB ban đầu" : "Registered facility", card.registeredFacility.display)
        let to = card.validTo?.legacyText ?? (vi ? "không thời hạn" : "open-ended")
        field(vi ? "Giá trị sử dụng" : "Valid", "\(card.validFrom.legacyText) – \(to)")
        if let level = card.benefitLevel {
            field(vi ? "Mức hưởng" : "Benefit level", "\(level.rawValue) (\(level.percent)%)")
        }
        s += "</g>"
        return s
    }

    /// A standalone SVG document of one card.
    public var svg: String {
        SVGDocument.wrap(width: CardLayout.width, height: CardLayout.height, body: elements(x: 0, y: 0),
                         title: "\(card.fullName) — \(card.code.text)")
    }

    private func text(_ t: String, x: Double, y: Double, size: Double, weight: String? = nil, fill: String = "#000", anchor: String? = nil) -> String {
        var attrs = "x=\"\(SVG.mm(x))\" y=\"\(SVG.mm(y))\" font-size=\"\(SVG.mm(size))\" fill=\"\(fill)\""
        if let weight { attrs += " font-weight=\"\(weight)\"" }
        if let anchor { attrs += " text-anchor=\"\(anchor)\"" }
        return "<text \(attrs)>\(SVG.escape(t))</text>"
    }
}

/// SVG document framing, in millimetres.
enum SVGDocument {
    static func wrap(width: Double, height: Double, body: String, title: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(SVG.mm(width))mm" height="\(SVG.mm(height))mm" \
        viewBox="0 0 \(SVG.mm(width)) \(SVG.mm(height))" font-family="DejaVu Sans, Arial, Helvetica, sans-serif">
        <title>\(SVG.escape(title))</title>
        \(body)
        </svg>

        """
    }
}
