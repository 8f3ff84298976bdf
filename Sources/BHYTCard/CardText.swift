/// What kind of card text an input is: the one classifier that the command line, the verifier
/// and the service share. Leading spaces and tabs are skipped (scanners and copy-paste add
/// them); `BHXH1:` in any case (a scanner with Caps Lock on inverts it) is a signed card; text
/// whose first field is 12 digits is a citizen ID's QR (CCCD: no card, a person); other text
/// with a `|` is legacy text; anything else is no card text.
package enum CardTextKind: Sendable, Equatable {
    case signed, legacy, citizenID, none

    /// The kind of `text`.
    package static func of(_ text: some StringProtocol) -> CardTextKind {
        let utf8 = text.utf8
        if SignedCardCodec.startsWithPrefix(utf8.drop(while: isLeadingPadding)) { return .signed }
        if CitizenIDCodec.looksLikeCitizenID(text) { return .citizenID }
        return utf8.contains(UInt8(ascii: "|")) ? .legacy : .none
    }

    /// Space or tab: skipped before card text.
    package static func isLeadingPadding(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
    /// Space, tab, CR or LF: dropped after card text (a scanner's line end).
    package static func isTrailingPadding(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// `text` without the padding this rule allows around card text: what a QR of it holds.
    package static func trimmed(_ text: String) -> String {
        String(decoding: trimmed(Array(text.utf8)[...]), as: UTF8.self)
    }

    /// The same for UTF-8 bytes, in place (no copy): what the decoder reads.
    package static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var bytes = bytes
        while let last = bytes.last, isTrailingPadding(last) { bytes.removeLast() }
        while let first = bytes.first, isLeadingPadding(first) { bytes.removeFirst() }
        return bytes
    }
}

/// Card QR text of either kind, read: the legacy text or a signed card (decoded, not verified).
package enum CardText: Sendable {
    case legacy(LegacyCardText)
    case signed(SignedCardContents)

    /// Reads text with the `BHXH1:` prefix as a signed card, anything else as legacy text.
    package static func read(_ text: String) throws(CardError) -> CardText {
        if CardTextKind.of(text) == .signed { return .signed(try SignedCardCodec.decode(text)) }
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
