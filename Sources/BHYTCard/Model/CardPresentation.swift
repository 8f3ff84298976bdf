/// The card as labelled lines for people, in Vietnamese or English: what a
/// receptionist compares with the patient and their ID.
extension Card {
    /// `(label, value)` pairs in display order; absent fields are left out.
    package func displayLines(_ language: Language) -> [(label: String, value: String)] {
        let vi = language == .vi
        var lines: [(String, String)] = []
        var codeParts: [String] = []
        if let o = code.objectCode { codeParts.append((vi ? "đối tượng " : "object ") + o.code) }
        if let p = code.provinceCode { codeParts.append(ProvinceTable.name(of: p) ?? ((vi ? "tỉnh " : "province ") + p)) }
        if let sin = code.socialInsuranceNumber { codeParts.append((vi ? "mã số BHXH " : "social-insurance no. ") + sin) }
        lines.append((vi ? "Mã thẻ" : "Card code", code.text + (codeParts.isEmpty ? "" : " (" + codeParts.joined(separator: ", ") + ")")))
        lines.append((vi ? "Họ tên" : "Name", fullName))
        lines.append((vi ? "Ngày sinh" : "Date of birth", birthDate.legacyText))
        lines.append((vi ? "Giới tính" : "Sex", sex.label(language)))
        if let address { lines.append((vi ? "Địa chỉ" : "Address", address)) }
        let province = ProvinceTable.name(of: registeredFacility.provinceCode).map { " (\($0))" } ?? ""
        lines.append((vi ? "Nơi ĐK KCB ban đầu" : "Registered facility", registeredFacility.display + province))
        let to = validTo?.legacyText ?? (vi ? "không thời hạn" : "open-ended")
        lines.append((vi ? "Giá trị sử dụng" : "Valid", "\(validFrom.legacyText) – \(to)"))
        if let b = benefitLevel {
            lines.append((vi ? "Mức hưởng" : "Benefit level", "\(b.rawValue) — \(b.summary(language))"))
        } else if let digit = code.benefitDigit {
            lines.append((vi ? "Mức hưởng" : "Benefit level", "\(digit) — " + (vi ? "mã cũ trước 2016" : "pre-2016 code")))
        }
        if let issueDate { lines.append((vi ? "Ngày cấp" : "Issued", issueDate.legacyText)) }
        if let issuingPlace { lines.append((vi ? "Nơi cấp" : "Issued by", issuingPlace)) }
        if let managementCode { lines.append((vi ? "Mã quản lý" : "Management code", managementCode)) }
        if let guardianName { lines.append((vi ? "Cha mẹ / người giám hộ" : "Parent or guardian", guardianName)) }
        if let personalId { lines.append((vi ? "Số định danh cá nhân" : "Personal ID", personalId)) }
        if let livingArea { lines.append((vi ? "Mã nơi sống" : "Living area", livingArea.label(language))) }
        if let f = fiveYearsContinuousFrom { lines.append((vi ? "Đủ 5 năm liên tục từ" : "Five continuous years from", f.legacyText)) }
        if let checkString { lines.append((vi ? "Chuỗi kiểm tra" : "Check string", checkString)) }
        return lines
    }
}
