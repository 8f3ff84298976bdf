/// Why card text or a card's JSON could not be read: the one error type of `BHYTCard`.
/// It carries a stable ``code``, where the problem is (a legacy field, a JSON member or a
/// claim key), and what is wrong in English and Vietnamese.
public struct CardError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stable code (`LEGACY_FIELD_INVALID`, `BASE10_INVALID`, `CARD_JSON_INVALID`, …).
    public let code: ReasonCode
    /// The 0-based legacy field at fault (docs/FORMAT.md §1), for legacy field problems.
    package let fieldIndex: Int?
    /// The JSON member (card JSON) at fault, when there is one.
    public let member: String?
    /// What is wrong, in English (technical detail for signed-card stages).
    public let detail: String
    /// What is wrong, in Vietnamese.
    package let detailVi: String
    /// The text was cut short or garbled in reading (a signed card's digits of an impossible
    /// length, or a character that is no digit), rather than read whole and found wrong.
    package var isReadingFault = false

    /// A refusal with its code, the legacy field index or JSON member at fault, and the message in English and Vietnamese.
    package init(_ code: ReasonCode, field: Int? = nil, member: String? = nil, en: String, vi: String) {
        self.code = code
        self.fieldIndex = field
        self.member = member
        self.detail = en
        self.detailVi = vi
    }

    /// A signed-card stage failure: the detail is technical and the same in both languages.
    init(_ code: ReasonCode, _ detail: String) {
        self.init(code, en: detail, vi: detail)
    }

    /// The legacy field's name, for legacy field problems.
    package var field: LegacyField? { fieldIndex.flatMap(LegacyField.init(rawValue:)) }

    /// What is wrong, with where: "Field 2 (date of birth): …", "Signed card: …".
    public func message(_ language: Language) -> String {
        let vi = language == .vi
        if let f = field { return (vi ? "Trường \(f.rawValue) (\(f.nameVi)): " : "Field \(f.rawValue) (\(f.name)): ") + (vi ? detailVi : detail) }
        if let member { return (vi ? "JSON thẻ, mục \(member): " : "Card JSON, \(member): ") + (vi ? detailVi : detail) }
        if code.isSignedStage { return (vi ? "Thẻ có chữ ký số: " : "Signed card: ") + detail }
        return vi ? detailVi : detail
    }

    public var description: String { "\(code.rawValue): \(message(.en))" }
}

extension ReasonCode {
    /// Whether the code is one of the signed card's decoding stages.
    var isSignedStage: Bool {
        [.base10Invalid, .decompressFailed, .cborMalformed, .coseMalformed, .algUnsupported, .kidMissing, .claimsInvalid]
            .contains(self)
    }
}
