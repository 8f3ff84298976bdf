/// Parses one legacy field token (already split on `|`) into its value.
/// Shared by the reader and by input-method repair, which keeps a repair only
/// when the repaired token parses.
enum LegacyFieldParser {
    /// What is wrong with a field, in English and Vietnamese.
    struct FieldFailure: Error {
        let en: String
        let vi: String
        init(_ en: String, _ vi: String) { self.en = en; self.vi = vi }
    }

    static func isEmpty(_ t: String) -> Bool { t.isEmpty || t == "-" }

    static func text(_ t: String, required: Bool) -> Result<String?, FieldFailure> {
        if isEmpty(t) {
            return required ? .failure(FieldFailure("is empty", "bị trống")) : .success(nil)
        }
        switch Hex.decodeText(t) {
        case .success(let s): return .success(s)
        case .failure(.notHex): return .failure(FieldFailure("is not hex text (0-9, a-f)", "không phải chuỗi hex (0-9, a-f)"))
        case .failure(.oddLength): return .failure(FieldFailure("has an odd number of hex digits", "có số chữ số hex lẻ"))
        case .failure(.notUTF8): return .failure(FieldFailure("is not valid UTF-8 text", "không phải văn bản UTF-8 hợp lệ"))
        case .failure(.unsafeCharacter(let c)):
            return .failure(FieldFailure("contains \(TextSafety.name(c)), a control or direction character no name or address has",
                                         "chứa ký tự \(TextSafety.name(c)) (ký tự điều khiển), không có trong họ tên hay địa chỉ"))
        }
    }

    /// A required date (never empty).
    static func requiredDate(_ t: String, yearOnlyAllowed: Bool) -> Result<CardDate, FieldFailure> {
        date(t, required: true, yearOnlyAllowed: yearOnlyAllowed).flatMap { d in
            d.map(Result.success) ?? .failure(FieldFailure("is empty", "bị trống"))
        }
    }

    /// Required hex text (never empty).
    static func requiredText(_ t: String) -> Result<String, FieldFailure> {
        text(t, required: true).flatMap { s in s.map(Result.success) ?? .failure(FieldFailure("is empty", "bị trống")) }
    }

    static func date(_ t: String, required: Bool, yearOnlyAllowed: Bool) -> Result<CardDate?, FieldFailure> {
        if isEmpty(t) {
            return required ? .failure(FieldFailure("is empty", "bị trống")) : .success(nil)
        }
        guard let d = CardDate(legacyText: t) else {
            return .failure(FieldFailure("'\(t)' is not a date dd/MM/yyyy", "'\(t)' không phải ngày dd/MM/yyyy"))
        }
        guard yearOnlyAllowed || d.isFullDate else {
            return .failure(FieldFailure("'\(t)' is a year only; a full date dd/MM/yyyy is needed", "'\(t)' chỉ có năm; cần đủ ngày dd/MM/yyyy"))
        }
        return .success(d)
    }

    static func code(_ t: String, issuedBefore2016: Bool) -> Result<CardCode, FieldFailure> {
        guard let c = CardCode(t, issuedBefore2016: issuedBefore2016) else {
            return .failure(FieldFailure("'\(t)' is not a card code (15 characters, or 10 digits on 2021 cards)",
                             "'\(t)' không phải mã thẻ (15 ký tự, hoặc 10 chữ số với thẻ mẫu 2021)"))
        }
        return .success(c)
    }

    static func sex(_ t: String) -> Result<Sex, FieldFailure> {
        guard let v = Int(t), let s = Sex(rawValue: v) else {
            return .failure(FieldFailure("'\(t)' is not 1 (male) or 2 (female)", "'\(t)' không phải 1 (nam) hoặc 2 (nữ)"))
        }
        return .success(s)
    }

    static func facility(_ t: String) -> Result<FacilityCode, FieldFailure> {
        guard let f = FacilityCode(t) else {
            return .failure(FieldFailure("'\(t)' is not a facility code TT - CCC", "'\(t)' không phải mã cơ sở KCB dạng TT - CCC"))
        }
        return .success(f)
    }

    static func digits(_ t: String) -> Result<String?, FieldFailure> {
        if isEmpty(t) { return .success(nil) }
        guard t.utf8.allSatisfy(isDigit), t.utf8.count <= 20 else {
            return .failure(FieldFailure("'\(t)' is not a number", "'\(t)' không phải dãy số"))
        }
        return .success(t)
    }

    static func livingArea(_ t: String) -> Result<LivingArea?, FieldFailure> {
        if isEmpty(t) { return .success(nil) }
        guard t.utf8.count == 1, t.utf8.allSatisfy(isDigit) else {
            return .failure(FieldFailure("'\(t)' is not a one-digit code", "'\(t)' không phải mã một chữ số"))
        }
        return .success(LivingArea(code: t))
    }

    /// The check string is opaque: any printable ASCII is kept as read. Only text
    /// that cannot be a check string at all (non-ASCII, controls) is refused.
    static func checkString(_ t: String) -> Result<String?, FieldFailure> {
        if isEmpty(t) { return .success(nil) }
        guard t.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }), t.utf8.count <= 64 else {
            return .failure(FieldFailure("'\(t)' is not a check string (printable ASCII)", "'\(t)' không phải chuỗi kiểm tra (ký tự ASCII)"))
        }
        return .success(t)
    }

    /// The stricter shape used to choose between input-method repairs: hex digits,
    /// optionally followed by `-` and digits.
    static func looksLikeCheckString(_ t: String) -> Bool {
        if isEmpty(t) { return true }
        let parts = t.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count <= 2, let first = parts.first, !first.isEmpty, first.utf8.allSatisfy(Hex.isHexDigit) else { return false }
        return parts.count == 1 || parts[1].utf8.allSatisfy(isDigit)
    }

    static func benefitLevel(_ t: String) -> Result<BenefitLevel?, FieldFailure> {
        if isEmpty(t) { return .success(nil) }
        guard let v = Int(t), let level = BenefitLevel(rawValue: v), t.utf8.count == 1 else {
            return .failure(FieldFailure("'\(t)' is not a benefit level 1–5", "'\(t)' không phải mức hưởng 1–5"))
        }
        return .success(level)
    }

    /// Whether a token is acceptable for a field: what input-method repair keeps.
    static func accepts(_ token: String, field: Int) -> Bool {
        let t = token.trimmingSpaces
        switch LegacyField(rawValue: field) {
        case .code?: return CardCode(t) != nil
        case .fullName?: return text(t, required: true).isSuccess
        case .address?, .guardianName?, .issuingPlace?: return text(t, required: false).isSuccess
        case .birthDate?: return date(t, required: true, yearOnlyAllowed: true).isSuccess
        case .validFrom?: return date(t, required: true, yearOnlyAllowed: false).isSuccess
        case .validTo?, .issueDate?, .fiveYearsContinuousFrom?: return date(t, required: false, yearOnlyAllowed: false).isSuccess
        case .sex?: return sex(t).isSuccess
        case .registeredFacility?: return facility(t).isSuccess
        case .managementCode?: return digits(t).isSuccess
        case .livingArea?: return livingArea(t).isSuccess
        case .checkString?: return looksLikeCheckString(t)
        case .benefitLevel?: return benefitLevel(t).isSuccess
        case nil: return t == "$" || t.isEmpty
        }
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { return true } else { return false } }
}
