/// A stable reason code: upper-case words that scripts and HIS software match on, and
/// that never change meaning. Each code is defined once, in the module that produces it:
/// the card codecs and card validation here, the trust decisions in `BHYTVerifier`.
/// docs/FORMAT.md and docs/VERIFYING.md list them all.
public struct ReasonCode: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }
    public static func < (a: ReasonCode, b: ReasonCode) -> Bool { a.rawValue < b.rawValue }
}

// Reading any card text.
extension ReasonCode {
    /// More input than any card holds, refused before decoding.
    public static let inputTooLarge: ReasonCode = "INPUT_TOO_LARGE"
    /// Neither `BHXH1:` nor `|`-separated legacy text.
    public static let formatUnknown: ReasonCode = "FORMAT_UNKNOWN"
    /// A card's JSON form that cannot be read (a missing, misspelt or mistyped member).
    public static let cardJSONInvalid: ReasonCode = "CARD_JSON_INVALID"
    /// A citizen ID's QR text (CCCD) that cannot be read: too few fields, a field in the wrong form.
    public static let cccdMalformed: ReasonCode = "CCCD_MALFORMED"
}

// The signed card's decoding stages, in order.
extension ReasonCode {
    /// The digits are not Base10.
    public static let base10Invalid: ReasonCode = "BASE10_INVALID"
    /// A zlib payload that does not inflate (or inflates too large).
    public static let decompressFailed: ReasonCode = "DECOMPRESS_FAILED"
    /// Not deterministic, bounded CBOR.
    public static let cborMalformed: ReasonCode = "CBOR_MALFORMED"
    /// CBOR, but not a COSE_Sign1 as the envelope fixes it.
    public static let coseMalformed: ReasonCode = "COSE_MALFORMED"
    /// An algorithm other than ES256 / EdDSA (named in the detail).
    public static let algUnsupported: ReasonCode = "ALG_UNSUPPORTED"
    /// No kid.
    public static let kidMissing: ReasonCode = "KID_MISSING"
    /// The CWT or the card claim is malformed, or a claim has another type than its one.
    public static let claimsInvalid: ReasonCode = "CLAIMS_INVALID"
}

// The legacy text.
extension ReasonCode {
    /// Nothing but white space.
    public static let legacyEmpty: ReasonCode = "LEGACY_EMPTY"
    /// Longer than ``LegacyCodec/maximumLength``.
    public static let legacyTooLong: ReasonCode = "LEGACY_TOO_LONG"
    /// Not 14 or 16 fields (plus `$`).
    public static let legacyFieldCount: ReasonCode = "LEGACY_FIELD_COUNT"
    /// One field is not in its format.
    public static let legacyFieldInvalid: ReasonCode = "LEGACY_FIELD_INVALID"
    /// Typed through a Vietnamese input method (Unikey Telex/VNI): a warning when repaired,
    /// an error when no single repair exists.
    public static let imeMangled: ReasonCode = "IME_MANGLED"
}

// Card validation (``Card/validate()``): errors make a card unusable, warnings do not.
extension ReasonCode {
    /// Warning: the card code's object code (mã đối tượng) is not one seen on cards.
    public static let objectCodeUnknown: ReasonCode = "OBJECT_CODE_UNKNOWN"
    /// Warning: the province code in the card code is not in the table.
    public static let provinceUnknown: ReasonCode = "PROVINCE_UNKNOWN"
    /// The holder's name (họ tên) is empty.
    public static let nameMissing: ReasonCode = "NAME_MISSING"
    /// The name holds a control, direction or invisible character.
    public static let nameInvalid: ReasonCode = "NAME_INVALID"
    /// Another text member holds a control, direction or invisible character.
    public static let textInvalid: ReasonCode = "TEXT_INVALID"
    /// The benefit level (mức hưởng) disagrees with the card code's digit.
    public static let benefitLevelMismatch: ReasonCode = "BENEFIT_LEVEL_MISMATCH"
    /// A 2021-design card has no benefit level.
    public static let benefitLevelMissing: ReasonCode = "BENEFIT_LEVEL_MISSING"
    /// A benefit level given where the card code already carries it.
    public static let benefitLevelLegacy: ReasonCode = "BENEFIT_LEVEL_LEGACY"
    /// The registered facility's province is not in the table.
    public static let facilityProvinceUnknown: ReasonCode = "FACILITY_PROVINCE_UNKNOWN"
    /// The personal ID (số định danh cá nhân) is not 12 digits.
    public static let personalIdInvalid: ReasonCode = "PERSONAL_ID_INVALID"
    /// A year only where a full date is needed.
    public static let dateNotFull: ReasonCode = "DATE_NOT_FULL"
    /// Valid-to (đến ngày) before valid-from (từ ngày).
    public static let validityRangeInvalid: ReasonCode = "VALIDITY_RANGE_INVALID"
    /// Born after the card's validity begins.
    public static let birthAfterValidity: ReasonCode = "BIRTH_AFTER_VALIDITY"
    /// Warning: the management code (mã quản lý) has an unusual form.
    public static let managementCodeUnusual: ReasonCode = "MANAGEMENT_CODE_UNUSUAL"
    /// The management code does not end with the social-insurance number.
    public static let managementCodeMismatch: ReasonCode = "MANAGEMENT_CODE_MISMATCH"
    /// Warning: a living-area code (nơi sinh sống) other than 4–7.
    public static let livingAreaUnknown: ReasonCode = "LIVING_AREA_UNKNOWN"
}
