import BHYTCard

/// Why a card or a sheet cannot be printed (lỗi in thẻ); each message names the card by its
/// code (mã thẻ), never by the holder's name, and says what to do.
public enum PrintError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name (họ tên) does not fit uncut on two lines at the smallest size (2 mm).
    case nameDoesNotFit(cardCode: String)
    /// Another field does not fit its box uncut at the smallest size.
    case fieldDoesNotFit(cardCode: String, field: String)
    /// The QR is too dense to print with modules of at least 3 pixels at 300 dpi.
    case qrTooLarge(cardCode: String, version: Int)
    /// cairo failed (out of memory, a write error).
    case cairo(String)

    public var description: String {
        switch self {
        case .nameDoesNotFit(let code):
            return "card \(code): the name does not fit on the card, even on two lines at the smallest size; "
                + "it is not printed cut: check the name (the card model allows it, the ID-1 card does not)"
        case .fieldDoesNotFit(let code, let field):
            return "card \(code): the \(field) does not fit on the card, even at the smallest size; shorten it"
        case .qrTooLarge(let code, let version):
            return "card \(code): the QR (version \(version)) is too dense for the card at 300 dpi; use a lower error-correction level (--ecc L or M)"
        case .cairo(let what):
            return "cairo: \(what)"
        }
    }

    /// The message in `lang`: whole sentences in one language (the card code as it is).
    package func message(_ lang: Language) -> String {
        guard lang == .vi else { return description }
        switch self {
        case .nameDoesNotFit(let code):
            return "thẻ \(code): họ tên không vừa thẻ, kể cả trên hai dòng ở cỡ chữ nhỏ nhất; không in cắt bớt: kiểm tra lại họ tên"
        case .fieldDoesNotFit(let code, let field):
            return "thẻ \(code): \(PrintError.vietnamese(field)) không vừa thẻ, kể cả ở cỡ chữ nhỏ nhất; hãy rút gọn"
        case .qrTooLarge(let code, let version):
            return "thẻ \(code): mã QR (phiên bản \(version)) quá dày để in trên thẻ ở 300 dpi; dùng mức sửa lỗi thấp hơn (--ecc L hoặc M)"
        case .cairo(let what):
            return "cairo: \(what)"
        }
    }

    /// A row's name (``CardRow/field``) in Vietnamese.
    static func vietnamese(_ field: String) -> String {
        switch field {
        case "card code": return "mã thẻ"
        case "name": return "họ tên"
        case "birth date and sex": return "ngày sinh và giới tính"
        case "address": return "địa chỉ"
        case "registered facility": return "nơi đăng ký KCB ban đầu"
        case "validity": return "giá trị sử dụng"
        case "benefit level": return "mức hưởng"
        case "five-years date": return "thời điểm đủ 5 năm liên tục"
        case "guardian": return "tên cha mẹ/người giám hộ"
        case "issuing place and date": return "nơi cấp và ngày cấp"
        case "notes on the back": return "phần lưu ý mặt sau"
        case "set of fields (together too tall for the card)": return "các trường (cộng lại quá cao so với thẻ)"
        default: return field.hasPrefix("note ") ? "lưu ý " + field.dropFirst(5) : field
        }
    }
}
