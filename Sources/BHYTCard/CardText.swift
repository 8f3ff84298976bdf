/// Card QR text of either kind, read: the legacy text or a signed card (decoded, not verified).
package enum CardText: Sendable {
    case legacy(LegacyCardText)
    case signed(SignedCardContents)

    /// Reads text with the `BHXH1:` prefix as a signed card, anything else as legacy text.
    package static func read(_ text: String) throws(CardError) -> CardText {
        if SignedCardCodec.hasPrefix(text) { return .signed(try SignedCardCodec.decode(text)) }
        return .legacy(try LegacyCodec.read(text))
    }

    /// The card.
    package var card: Card {
        switch self {
        case .legacy(let l): return l.card
        case .signed(let s): return s.card
        }
    }
}
