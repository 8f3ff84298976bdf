/// The fields of the legacy QR text, by their 0-based position.
package enum LegacyField: Int, Sendable, CaseIterable {
    case code = 0, fullName, birthDate, sex, address, registeredFacility, validFrom, validTo, issueDate
    case managementCode, guardianName, livingArea, fiveYearsContinuousFrom, checkString, benefitLevel, issuingPlace

    /// English name.
    package var name: String {
        switch self {
        case .code: return "card code"
        case .fullName: return "full name"
        case .birthDate: return "date of birth"
        case .sex: return "sex"
        case .address: return "address"
        case .registeredFacility: return "registered facility"
        case .validFrom: return "valid from"
        case .validTo: return "valid to"
        case .issueDate: return "issue date"
        case .managementCode: return "management code"
        case .guardianName: return "parent or guardian"
        case .livingArea: return "living-area code"
        case .fiveYearsContinuousFrom: return "five continuous years from"
        case .checkString: return "check string"
        case .benefitLevel: return "benefit level"
        case .issuingPlace: return "issuing place"
        }
    }

    /// Vietnamese name.
    package var nameVi: String {
        switch self {
        case .code: return "mã thẻ"
        case .fullName: return "họ tên"
        case .birthDate: return "ngày sinh"
        case .sex: return "giới tính"
        case .address: return "địa chỉ"
        case .registeredFacility: return "nơi đăng ký KCB ban đầu"
        case .validFrom: return "giá trị từ ngày"
        case .validTo: return "giá trị đến ngày"
        case .issueDate: return "ngày cấp"
        case .managementCode: return "mã quản lý"
        case .guardianName: return "cha mẹ / người giám hộ"
        case .livingArea: return "mã nơi sống"
        case .fiveYearsContinuousFrom: return "thời điểm đủ 5 năm liên tục"
        case .checkString: return "chuỗi kiểm tra"
        case .benefitLevel: return "mức hưởng"
        case .issuingPlace: return "nơi cấp"
        }
    }
}
