/// A field of the card, named as in the documented JSON form.
public enum CardField: String, Sendable, Hashable, CaseIterable, Codable {
    case code, fullName, birthDate, sex, address, registeredFacility, validFrom, validTo, issueDate
    case managementCode, guardianName, livingArea, fiveYearsContinuousFrom, checkString, benefitLevel, issuingPlace
    case personalId
}

/// How serious a finding is.
public enum Severity: String, Sendable, Hashable, Codable {
    /// The card is wrong.
    case error
    /// Worth a look, not a reason to refuse (an unknown province code, say).
    case warning
}

/// One problem found by ``Card/validate()``: a field, a stable code and a message.
public struct CardIssue: Sendable, Hashable, CustomStringConvertible {
    /// The field at fault.
    public let field: CardField
    /// A stable upper-case code, e.g. `PROVINCE_UNKNOWN`; see docs/FORMAT.md.
    public let code: ReasonCode
    /// An error (the card is wrong) or a warning.
    public let severity: Severity
    /// English message.
    package let message: String
    /// Vietnamese message.
    package let messageVi: String

    /// A finding about `field` with its code, severity and messages.
    package init(_ field: CardField, _ code: ReasonCode, _ severity: Severity, en: String, vi: String) {
        self.field = field
        self.code = code
        self.severity = severity
        self.message = en
        self.messageVi = vi
    }

    /// The message in `language`.
    public func message(_ language: Language) -> String { language == .vi ? messageVi : message }

    /// `warning CODE [field]: message` (`cảnh báo …`/`lỗi …` in Vietnamese), one line.
    package func line(_ language: Language) -> String {
        let word = language == .vi ? (severity == .error ? "lỗi" : "cảnh báo") : severity.rawValue
        return "\(word) \(code.rawValue) [\(field.rawValue)]: \(message(language))"
    }
    public var description: String { "\(severity.rawValue) \(code.rawValue) [\(field.rawValue)]: \(message)" }
}

extension Card {
    /// Every problem with the card, errors and warnings, in field order. Empty when all is well.
    public func validate() -> [CardIssue] {
        var issues: [CardIssue] = []
        func add(_ f: CardField, _ c: ReasonCode, _ s: Severity, _ en: String, _ vi: String) {
            issues.append(CardIssue(f, c, s, en: en, vi: vi))
        }
        // Card code.
        if let object = code.objectCode, !object.isKnown {
            add(.code, .objectCodeUnknown, .warning, "Object code \(object) is not one seen on cards.",
                "Mã đối tượng \(object) không có trong danh mục đã biết.")
        }
        if let province = code.provinceCode, ProvinceTable.name(of: province) == nil {
            add(.code, .provinceUnknown, .warning, "Province code \(province) in the card code is not in the table.",
                "Mã tỉnh \(province) trong mã thẻ không có trong danh mục.")
        }
        // Name.
        if fullName.trimmingSpaces.isEmpty {
            add(.fullName, .nameMissing, .error, "The holder's name is empty.", "Họ tên trống.")
        } else if let bad = TextSafety.firstUnsafe(in: fullName) {
            let why = TextSafety.why(bad)
            add(.fullName, .nameInvalid, .error, "The name contains \(why.en).", "Họ tên chứa \(why.vi).")
        }
        // Every other text member too: a control character in the living area, the management
        // code or the check string is shown by some reader, and refused by every verifier.
        for (field, text) in [(CardField.address, address), (.guardianName, guardianName), (.issuingPlace, issuingPlace),
                              (.managementCode, managementCode), (.livingArea, livingArea?.code), (.checkString, checkString)] {
            if let text, let bad = TextSafety.firstUnsafe(in: text) {
                let why = TextSafety.why(bad)
                add(field, .textInvalid, .error, "The \(field.rawValue) contains \(why.en).", "Trường \(field.rawValue) chứa \(why.vi).")
            }
        }
        // Benefit level.
        switch code.form {
        case .standard:
            if benefitLevel != code.benefitLevel {
                add(.benefitLevel, .benefitLevelMismatch, .error,
                    "Benefit level \(benefitLevel.map { String($0.rawValue) } ?? "-") disagrees with the card code's digit \(code.benefitDigit ?? 0).",
                    "Mức hưởng không khớp với chữ số trong mã thẻ.")
            }
        case .design2021:
            if benefitLevel == nil {
                add(.benefitLevel, .benefitLevelMissing, .error, "A 2021-design card needs a benefit level (1–5).",
                    "Thẻ mẫu 2021 phải có mức hưởng (1–5).")
            }
        case .pre2016:
            if benefitLevel == nil {
                add(.benefitLevel, .benefitLevelLegacy, .warning,
                    "Pre-2016 benefit digit \(code.benefitDigit ?? 0) has no current level.",
                    "Chữ số mức hưởng cũ \(code.benefitDigit ?? 0) (trước 2016) không tương ứng mức hưởng hiện nay.")
            }
        }
        // Facility.
        if ProvinceTable.name(of: registeredFacility.provinceCode) == nil {
            add(.registeredFacility, .facilityProvinceUnknown, .warning,
                "Facility province \(registeredFacility.provinceCode) is not in the table.",
                "Mã tỉnh của nơi đăng ký KCB \(registeredFacility.provinceCode) không có trong danh mục.")
        }
        // Dates.
        if !validFrom.isFullDate {
            add(.validFrom, .dateNotFull, .error, "Valid-from must be a full date.", "Ngày bắt đầu giá trị phải đủ ngày tháng năm.")
        }
        if let validTo, !validTo.isFullDate {
            add(.validTo, .dateNotFull, .error, "Valid-to must be a full date.", "Ngày hết giá trị phải đủ ngày tháng năm.")
        }
        if let issueDate, !issueDate.isFullDate {
            add(.issueDate, .dateNotFull, .error, "Issue date must be a full date.", "Ngày cấp phải đủ ngày tháng năm.")
        }
        if let fiveYearsContinuousFrom, !fiveYearsContinuousFrom.isFullDate {
            add(.fiveYearsContinuousFrom, .dateNotFull, .error, "The five-year date must be a full date.",
                "Thời điểm đủ 5 năm liên tục phải đủ ngày tháng năm.")
        }
        if let validTo, validTo < validFrom {
            add(.validTo, .validityRangeInvalid, .error, "Valid-to \(validTo.legacyText) is before valid-from \(validFrom.legacyText).",
                "Ngày hết giá trị \(validTo.legacyText) trước ngày bắt đầu \(validFrom.legacyText).")
        }
        if birthDate.year > validFrom.year || (birthDate.isFullDate && birthDate > validFrom) {
            add(.birthDate, .birthAfterValidity, .error, "The birth date is after the card's start of validity.",
                "Ngày sinh sau ngày bắt đầu giá trị thẻ.")
        }
        // Management code.
        if let m = managementCode {
            let digits = m.utf8.allSatisfy(isDigit)
            if !digits || (m.utf8.count != 14 && m.utf8.count != 12) {
                add(.managementCode, .managementCodeUnusual, .warning, "Management code \(m) is not 14 (or 12) digits.",
                    "Mã quản lý \(m) không phải 14 (hoặc 12) chữ số.")
            } else if m.utf8.count == 14, let sin = socialInsuranceNumber, !m.hasSuffix(sin) {
                add(.managementCode, .managementCodeMismatch, .warning,
                    "Management code \(m) does not end with the social-insurance number \(sin).",
                    "Mã quản lý \(m) không kết thúc bằng mã số BHXH \(sin).")
            }
        }
        if let id = personalId, id.utf8.count != 12 || !id.utf8.allSatisfy(isDigit) {
            add(.personalId, .personalIdInvalid, .error, "The personal ID must be 12 digits.", "Số định danh cá nhân phải gồm 12 chữ số.")
        }
        if case .unknown(let c)? = livingArea {
            add(.livingArea, .livingAreaUnknown, .warning, "Living-area code \(c) has no known meaning.",
                "Mã nơi sống \(c) không rõ nghĩa.")
        }
        return issues
    }
}
