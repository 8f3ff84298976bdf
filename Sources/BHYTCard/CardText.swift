/// Card QR text of either kind, read: the legacy text or a signed card (decoded, not verified).
public enum CardText: Sendable {
    case legacy(LegacyCardText)
    case signed(SignedCardContents)

    /// Why text is not a readable card.
    public enum ReadError: Error, Sendable, CustomStringConvertible {
        case legacy(LegacyReadError)
        case signed(SignedCardError)

        /// The stable reason code (`LEGACY_FIELD_INVALID`, `BASE10_INVALID`, …).
        public var code: String {
            switch self {
            case .legacy(let e): return e.reason.rawValue
            case .signed(let e): return e.stage.rawValue
            }
        }

        /// The 0-based legacy field at fault, for legacy field problems.
        public var fieldIndex: Int? {
            if case .legacy(let e) = self { return e.fieldIndex }
            return nil
        }

        public func message(_ language: Language) -> String {
            switch self {
            case .legacy(let e): return e.message(language)
            case .signed(let e): return (language == .vi ? "Thẻ có chữ ký số: " : "Signed card: ") + e.detail
            }
        }

        public var description: String { "\(code): \(message(.en))" }
    }

    /// Reads text with the `BHXH1:` prefix as a signed card, anything else as legacy text.
    public static func read(_ text: String) throws(ReadError) -> CardText {
        if SignedCardCodec.hasPrefix(text.drop { $0 == " " }) {
            do { return .signed(try SignedCardCodec.decode(text)) } catch { throw .signed(error) }
        }
        do { return .legacy(try LegacyCodec.read(text)) } catch { throw .legacy(error) }
    }

    /// The card.
    public var card: Card {
        switch self {
        case .legacy(let l): return l.card
        case .signed(let s): return s.card
        }
    }
}
