import BHYTCard

/// One row of a printed card: labelled values, the sizes it may take and how many lines.
package struct CardRow: Sendable, Hashable {
    /// What the row shows, in English, for error messages (e.g. "address").
    package let field: String
    package let runs: [TextRun]
    /// Largest and smallest em size in millimetres.
    package let largest: Double
    package let smallest: Double
    package let maxLines: Int
    /// How much (mm) the row may shrink before it takes another line: all the way for the
    /// name, a little for other fields.
    package let shrinkBeforeWrap: Double
    /// Split two lines where they read best (fields), rather than fill the first (prose).
    package let balance: Bool

    package init(_ field: String, _ runs: [TextRun], largest: Double = 2.2, smallest: Double = 1.7, maxLines: Int = 2,
                 shrinkBeforeWrap: Double = 0.3, balance: Bool = true) {
        self.field = field
        self.runs = runs
        self.largest = largest
        self.smallest = smallest
        self.maxLines = maxLines
        self.shrinkBeforeWrap = shrinkBeforeWrap
        self.balance = balance
    }
}

/// The text of the card's two faces in Vietnamese (the default, whatever the locale) or English.
package struct CardFields: Sendable {
    package let card: Card
    package let language: Language
    /// The registered facility's name (tên cơ sở KCB), when the caller knows it.
    package let facilityName: String?

    package init(card: Card, language: Language, facilityName: String? = nil) {
        self.card = card
        self.language = language
        self.facilityName = facilityName
    }

    private var vi: Bool { language == .vi }

    /// The title in the band (tiêu đề).
    package var title: String { vi ? "THẺ BẢO HIỂM Y TẾ" : "HEALTH INSURANCE CARD" }
    /// The issuer's line in the band.
    package var issuer: String { vi ? "BẢO HIỂM XÃ HỘI VIỆT NAM" : "VIETNAM SOCIAL SECURITY" }
    /// The label over the name (họ và tên).
    package var nameLabel: String { vi ? "Họ và tên" : "Full name" }
    /// The back's title.
    package var backTitle: String { vi ? "LƯU Ý KHI SỬ DỤNG THẺ" : "USING THIS CARD" }

    /// The name row: upper case, bold, shrunk from 3.2 mm down to 2.0 mm, then on two lines.
    package var name: CardRow {
        CardRow("name", [TextRun(card.fullName.uppercased(), .strong)], largest: 3.2, smallest: 2.0, maxLines: 2, shrinkBeforeWrap: .infinity)
    }

    /// The card code row (mã thẻ).
    package var code: CardRow {
        CardRow("card code", [TextRun(vi ? "Mã thẻ:" : "Card code:", .label), TextRun(card.code.text, .strong)],
                largest: 2.6, smallest: 2.0, maxLines: 1, shrinkBeforeWrap: .infinity)
    }

    /// The rows under the name, in order; absent fields are left out, the guardian only when given.
    package var rows: [CardRow] {
        let c = card
        var rows: [CardRow] = []
        rows.append(CardRow("birth date and sex", [
            TextRun(vi ? "Ngày sinh:" : "Date of birth:", .label), TextRun(c.birthDate.legacyText, .value),
            TextRun(vi ? "Giới tính:" : "Sex:", .label), TextRun(c.sex.label(language), .value),
        ]))
        if let address = c.address, !address.isEmpty {
            rows.append(CardRow("address", [TextRun(vi ? "Địa chỉ:" : "Address:", .label), TextRun(address, .value)]))
        }
        rows.append(CardRow("registered facility", [
            TextRun(vi ? "Nơi ĐK KCB ban đầu:" : "Registered facility:", .label), TextRun(facility, .value),
        ]))
        rows.append(CardRow("validity", [TextRun(vi ? "Giá trị sử dụng:" : "Valid:", .label), TextRun(validity, .value)]))
        var level: [TextRun] = []
        if let b = c.benefitLevel {
            level = [TextRun(vi ? "Mức hưởng:" : "Benefit level:", .label), TextRun("\(b.rawValue) (\(b.percent)%)", .value)]
        } else if let digit = c.code.benefitDigit {
            level = [TextRun(vi ? "Mức hưởng:" : "Benefit level:", .label),
                     TextRun("\(digit) (" + (vi ? "mã cũ trước 2016" : "pre-2016 code") + ")", .value)]
        }
        if !level.isEmpty { rows.append(CardRow("benefit level", level)) }
        if let five = c.fiveYearsContinuousFrom {
            rows.append(CardRow("five-years date", [
                TextRun(vi ? "Thời điểm đủ 5 năm liên tục:" : "Five continuous years from:", .label), TextRun(five.legacyText, .value),
            ]))
        }
        if let guardian = c.guardianName, !guardian.isEmpty {
            rows.append(CardRow("guardian", [
                TextRun(vi ? "Cha mẹ/người giám hộ:" : "Parent or guardian:", .label), TextRun(guardian, .value),
            ]))
        }
        var issued: [TextRun] = []
        if let place = c.issuingPlace, !place.isEmpty {
            issued += [TextRun(vi ? "Nơi cấp, đổi thẻ:" : "Issued by:", .label), TextRun(place, .value)]
        }
        if let date = c.issueDate {
            issued += [TextRun(vi ? "Ngày cấp:" : "Issued on:", .label), TextRun(date.legacyText, .value)]
        }
        if !issued.isEmpty { rows.append(CardRow("issuing place and date", issued)) }
        return rows
    }

    /// `TT - CCC` and the facility's name, or the province's name when the facility's is not known.
    /// The code, and the province's name in its parentheses, are each held together with
    /// no-break spaces: a line may break before the parenthesis, never inside the code
    /// ("46 - / 001") or the name.
    package var facility: String {
        let f = card.registeredFacility
        let code = CardFields.unbroken(f.display)
        if let facilityName, !facilityName.isEmpty { return "\(code) \(facilityName)" }
        return code + (ProvinceTable.name(of: f.provinceCode).map { " (\(CardFields.unbroken($0)))" } ?? "")
    }

    /// `text` with its spaces made no-break spaces (U+00A0): one piece for line breaking.
    package static func unbroken(_ text: String) -> String {
        // By UTF-8 byte: a space is the byte 0x20 and never part of a longer sequence. Walking
        // Characters (grapheme breaking), or appending scalars one by one, cost more than the
        // rest of the fit check's text work (measured in `bhyt issue`).
        guard text.utf8.contains(0x20) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            if byte == 0x20 { bytes.append(0xC2); bytes.append(0xA0) } else { bytes.append(byte) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// "từ dd/MM/yyyy đến dd/MM/yyyy", or open-ended.
    package var validity: String {
        let from = card.validFrom.legacyText
        if let to = card.validTo?.legacyText { return vi ? "từ \(from) đến \(to)" : "\(from) to \(to)" }
        return vi ? "từ \(from) (không thời hạn)" : "from \(from) (open-ended)"
    }

    /// The back: how to use the card.
    package var notes: [CardRow] {
        let texts = vi ? [
            "Xuất trình thẻ (hoặc ứng dụng VssID) khi đi khám bệnh, chữa bệnh.",
            "Không cho người khác mượn thẻ; người cho mượn và người mượn thẻ bị xử lý theo quy định của pháp luật.",
            "Khi mất hoặc hỏng thẻ, đến cơ quan bảo hiểm xã hội nơi cấp thẻ để được cấp lại.",
            "Mã QR ở mặt trước dùng để kiểm tra thông tin thẻ.",
        ] : [
            "Show this card (or the VssID app) when you seek medical care.",
            "Do not lend this card: lending and borrowing a card are punished by law.",
            "If the card is lost or damaged, ask the social-security office that issued it for a new one.",
            "The QR code on the front lets a facility check the card.",
        ]
        return texts.enumerated().map { i, t in
            CardRow("note \(i + 1)", [TextRun("\(i + 1).", .label), TextRun(t, .value)], largest: 2.2, smallest: 1.7, maxLines: 3, shrinkBeforeWrap: 0, balance: false)
        }
    }

    /// The line under the QR: which kind of QR it is.
    package func qrLabel(signed: Bool) -> String {
        signed ? (vi ? "QR có chữ ký số BHXH1" : "Signed QR (BHXH1)") : (vi ? "QR mẫu cũ (không ký số)" : "Legacy QR (unsigned)")
    }
}
