/// Reads the text of a citizen ID card's QR (CCCD): `|`-separated fields
///
///     <personal ID, 12 digits>|<old ID, 9 (or 12) digits or empty>|<full name>|<birth date ddMMyyyy>|<Nam or Nữ>|<permanent address>|<issue date ddMMyyyy>
///
/// Readers meet it without the old-ID field (six fields) and, on newer cards, with more fields
/// after the seventh: both are read, and what follows the seventh field is ignored. Anything
/// else is refused (`CCCD_MALFORMED`, naming the field). A scanner's padding around the text
/// is dropped, as for card text.
package enum CitizenIDCodec {
    /// Longest CCCD text read (the longest addresses are under 200 characters).
    package static let maximumLength = 2048

    /// Whether `text` has the CCCD's shape: its first field is 12 digits (a legacy card's first
    /// field is the 15-character card code or a 10-digit number).
    package static func looksLikeCitizenID(_ text: some StringProtocol) -> Bool {
        var digits = 0
        for b in text.utf8.drop(while: CardTextKind.isLeadingPadding) {
            if b == UInt8(ascii: "|") { return digits == 12 }
            guard b >= 48 && b <= 57 else { return false }
            digits += 1
            if digits > 12 { return false }
        }
        return false
    }

    /// Reads a CCCD's QR text.
    package static func read(_ input: String) throws(CardError) -> CitizenID {
        guard input.utf8.count <= maximumLength else {
            throw CardError(.cccdMalformed, en: "longer than any citizen ID's QR (\(input.utf8.count) bytes)",
                            vi: "dài hơn mã QR của mọi CCCD (\(input.utf8.count) byte)")
        }
        guard looksLikeCitizenID(input) else {
            throw fail("not a citizen ID's QR (its first field is 12 digits)", "không phải mã QR của CCCD (trường đầu là 12 chữ số)")
        }
        let text = CardTextKind.trimmed(input)
        let fields = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        // The six-field form has the birth date third and the sex fourth; the seven-field form
        // (and longer), fourth and fifth.
        let offset: Int
        if fields.count >= 7, isDate(fields[3]), Self.sex(fields[4]) != nil {
            offset = 1
        } else if fields.count >= 6, isDate(fields[2]), Self.sex(fields[3]) != nil {
            offset = 0
        } else {
            throw fail(fields.count < 6 ? "only \(fields.count) fields (6 or 7 expected)" : "no birth date and sex where a citizen ID has them",
                       fields.count < 6 ? "chỉ có \(fields.count) trường (cần 6 hoặc 7)" : "không có ngày sinh và giới tính ở vị trí của CCCD")
        }
        let personalId = fields[0]
        guard personalId.utf8.count == 12, personalId.utf8.allSatisfy(isDigit) else {
            throw fail("the personal ID is not 12 digits", "số định danh không phải 12 chữ số")
        }
        var oldId: String?
        if offset == 1, !fields[1].isEmpty {
            let old = fields[1]
            guard (old.utf8.count == 9 || old.utf8.count == 12), old.utf8.allSatisfy(isDigit) else {
                throw fail("the old ID number is not 9 (or 12) digits", "số CMND cũ không phải 9 (hoặc 12) chữ số")
            }
            oldId = old
        }
        let name = Card.nfc(collapsed(fields[1 + offset]))
        guard !name.isEmpty else { throw fail("the name is empty", "họ tên trống") }
        for (text, en, vi) in [(name, "name", "họ tên"), (fields[4 + offset], "address", "địa chỉ")] {
            if let bad = TextSafety.firstUnsafe(in: text) {
                let why = TextSafety.why(bad)
                throw fail("the \(en) contains \(why.en)", "\(vi) chứa \(why.vi)")
            }
        }
        guard let birth = date(fields[2 + offset]) else { throw fail("the birth date is not a date", "ngày sinh không hợp lệ") }
        guard let sex = Self.sex(fields[3 + offset]) else { throw fail("the sex is not Nam or Nữ", "giới tính không phải Nam hoặc Nữ") }
        var issue: CardDate?
        let issueText = fields[5 + offset].trimmingSpaces
        if !issueText.isEmpty {
            guard let d = date(issueText), d.isFullDate else { throw fail("the issue date is not a date", "ngày cấp không hợp lệ") }
            issue = d
        }
        return CitizenID(personalId: personalId, oldId: oldId, fullName: name, birthDate: birth, sex: sex,
                         address: Card.nfc(collapsed(fields[4 + offset])), issueDate: issue)
    }

    static func fail(_ en: String, _ vi: String) -> CardError {
        CardError(.cccdMalformed, en: "Citizen ID: " + en, vi: "CCCD: " + vi)
    }

    /// `ddMMyyyy`, or a year only (`yyyy`, or `0000yyyy` as some cards write an unknown day and month).
    static func isDate(_ s: String) -> Bool { date(s) != nil }

    static func date(_ s: String) -> CardDate? {
        let u = Array(s.utf8)
        guard u.allSatisfy(isDigit) else { return nil }
        func number(_ r: Range<Int>) -> Int { u[r].reduce(0) { $0 * 10 + Int($1 - 48) } }
        switch u.count {
        case 8:
            if number(0..<4) == 0 { return CardDate(year: number(4..<8)) }
            return CardDate(year: number(4..<8), month: number(2..<4), day: number(0..<2))
        case 4:
            return CardDate(year: number(0..<4))
        default:
            return nil
        }
    }

    /// "Nam" or "Nữ" in any case, precomposed or not, and "Nu" (a keyboard without Vietnamese).
    static func sex(_ s: String) -> Sex? {
        switch Card.nfc(s.trimmingSpaces).lowercased() {
        case "nam": return .male
        case "nữ", "nu": return .female
        default: return nil
        }
    }

    /// Runs of spaces as one, none at the ends.
    static func collapsed(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}
