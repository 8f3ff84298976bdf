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
}
