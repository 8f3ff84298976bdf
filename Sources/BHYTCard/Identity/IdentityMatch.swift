/// How a citizen ID (CCCD) shown at the desk compares with the card (đối chiếu giấy tờ với
/// thẻ): is the person the card's holder, the guardian a child's card names, or neither?
///
/// The rules (docs/VERIFYING.md, "The person and the card"):
/// - the name, the birth date and the sex must all agree: names compared after NFC, lower
///   casing and collapsing white space, with every diacritic counting ("Trần Văn Đức" is not
///   "Trần Văn Được"); a year-only birth date on either side compares the year;
/// - and when the card carries a personal ID, the two numbers must be equal too (the number is
///   printed on the card, so it alone proves nothing: a QR is plain text anyone can write);
/// - not the holder, but the card names a guardian (cha mẹ/người giám hộ) and the ID's name is
///   that name: the guardian;
/// - anything else: a mismatch (the card may be genuine; this visit is not its holder's).
public struct IdentityMatch: Sendable, Hashable {
    /// Who the ID shows the person to be, for this card.
    public enum Match: String, Sendable, Hashable, CaseIterable {
        /// The card's holder (chủ thẻ).
        case holder
        /// The guardian named on a child's card (cha mẹ/người giám hộ).
        case guardian
        /// Neither (không khớp).
        case mismatch
    }

    /// What one field compared gave.
    public enum Agreement: String, Sendable, Hashable {
        /// Both carry it and it agrees.
        case same
        /// Both carry it and it differs.
        case different
        /// The card does not carry it (a personal ID on a card issued without one).
        case absent
    }

    /// The fields compared, in the order of the verdict's JSON.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        /// The personal ID number (số định danh cá nhân).
        case personalId
        /// The full name (họ tên).
        case name
        /// The date of birth (ngày sinh).
        case birthDate
        /// Sex (giới tính).
        case sex
    }

    /// Holder, guardian or mismatch.
    public let match: Match
    /// Each field compared with the card's holder.
    public let fields: [Field: Agreement]

    /// The comparison of `id` with `card`'s holder and guardian.
    package init(card: Card, id: CitizenID) {
        var fields: [Field: Agreement] = [:]
        fields[.personalId] = card.personalId.map { $0 == id.personalId ? .same : .different } ?? .absent
        fields[.name] = IdentityMatch.sameName(card.fullName, id.fullName) ? .same : .different
        let a = card.birthDate, b = id.birthDate
        let sameBirth = a.isFullDate && b.isFullDate ? a == b : a.year == b.year
        fields[.birthDate] = sameBirth ? .same : .different
        fields[.sex] = card.sex == id.sex ? .same : .different
        self.fields = fields
        let holder = fields[.personalId] != .different && fields[.name] == .same && fields[.birthDate] == .same && fields[.sex] == .same
        if holder {
            match = .holder
        } else if let guardian = card.guardianName, IdentityMatch.sameName(guardian, id.fullName) {
            match = .guardian
        } else {
            match = .mismatch
        }
    }

    /// The fields that differ, in order.
    package var different: [Field] { Field.allCases.filter { fields[$0] == .different } }

    /// A name as compared: NFC, lower-cased, white space (any Unicode space, tab or no-break
    /// space) collapsed and trimmed. Diacritics are kept: they tell names apart.
    package static func comparable(_ name: String) -> String {
        let words = Card.nfc(name).split(whereSeparator: { $0.isWhitespace })
        return Card.nfc(words.joined(separator: " ").lowercased())
    }

    /// Whether two names are the same name (see ``comparable(_:)``).
    package static func sameName(_ a: String, _ b: String) -> Bool { comparable(a) == comparable(b) }
}
