/// A card read from legacy QR text, with what is needed to write the text back
/// byte for byte (hex case, spacing, the check string) while the card is unchanged.
public struct LegacyCardText: Sendable, Hashable {
    /// The card.
    public let card: Card
    /// Which generation the text was (15 or 17 tokens).
    public let generation: LegacyGeneration
    /// The input method whose mangling was undone, when the text needed repair.
    public let repairedFrom: InputMethod?
    /// Whether the repair left the check string out: more than one check string types to what
    /// was read (the card has none; every other field is exact).
    package let checkStringLost: Bool
    /// Whether the final `$` was missing.
    package let terminatorMissing: Bool
    /// The tokens as read (after repair), one per field, and the `$` token.
    let rawFields: [String]
    let rawTerminator: String
    /// The canonical text of each field at read time: a field whose canonical text is
    /// unchanged is written back as it was read.
    let canonicalAtRead: [String]

    /// The text, as read when the card is unchanged (after repair and without a trailing CR/LF).
    package var text: String { LegacyCodec.write(card, preserving: self) }

    /// A copy with the card replaced; unchanged fields keep their original spelling.
    package func with(card newCard: Card) -> LegacyCardText {
        LegacyCardText(card: newCard, generation: newCard.legacyGeneration, repairedFrom: repairedFrom,
                       checkStringLost: checkStringLost, terminatorMissing: terminatorMissing, rawFields: rawFields, rawTerminator: rawTerminator,
                       canonicalAtRead: canonicalAtRead)
    }
}
