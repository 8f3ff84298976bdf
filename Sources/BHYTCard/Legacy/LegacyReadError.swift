/// Why legacy QR text could not be read. Each reason has a stable code; a field
/// problem names the field's index (0-based, as in docs/FORMAT.md) and what is wrong.
public struct LegacyReadError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: String, Sendable, Hashable, Codable {
        /// Nothing but white space.
        case empty = "LEGACY_EMPTY"
        /// Longer than ``LegacyCodec/maximumLength``.
        case tooLong = "LEGACY_TOO_LONG"
        /// Not 14 or 16 fields (plus `$`).
        case fieldCount = "LEGACY_FIELD_COUNT"
        /// One field is not in its format.
        case fieldInvalid = "LEGACY_FIELD_INVALID"
        /// Typed through a Vietnamese input method and no single repair exists.
        case inputMethodMangled = "IME_MANGLED"
    }

    public let reason: Reason
    /// The 0-based field index, for field problems.
    public let fieldIndex: Int?
    /// What is wrong, in English.
    public let detail: String
    /// What is wrong, in Vietnamese.
    public let detailVi: String

    public init(_ reason: Reason, field: Int? = nil, en: String, vi: String) {
        self.reason = reason
        self.fieldIndex = field
        self.detail = en
        self.detailVi = vi
    }

    /// The field's name, for field problems.
    public var field: LegacyField? { fieldIndex.flatMap(LegacyField.init(rawValue:)) }

    public func message(_ language: Language) -> String {
        let where_ = field.map { language == .vi ? "Trường \($0.rawValue) (\($0.nameVi)): " : "Field \($0.rawValue) (\($0.name)): " } ?? ""
        return where_ + (language == .vi ? detailVi : detail)
    }

    public var description: String { "\(reason.rawValue): \(message(.en))" }
}
