import BHYTCard

/// The words for a citizen ID (CCCD) and for how it matched a card, in Vietnamese or English.
package enum CitizenIDText {
    /// `Label: value` lines for the person: name, birth date, sex, personal ID; with `full`
    /// (`bhyt inspect`), the old ID, the address and the issue date too.
    package static func lines(_ id: CitizenID, _ lang: Language, full: Bool) -> [String] {
        let vi = lang == .vi
        var lines: [(String, String)] = [
            (vi ? "Họ tên" : "Name", id.fullName),
            (vi ? "Ngày sinh" : "Date of birth", id.birthDate.legacyText),
            (vi ? "Giới tính" : "Sex", id.sex.label(lang)),
            (vi ? "Số định danh cá nhân" : "Personal ID", id.personalId),
        ]
        if full {
            if let old = id.oldId { lines.append((vi ? "Số CMND cũ" : "Old ID number", old)) }
            lines.append((vi ? "Nơi thường trú" : "Permanent address", id.address))
            if let issued = id.issueDate { lines.append((vi ? "Ngày cấp" : "Issued", issued.legacyText)) }
        }
        let width = lines.map { $0.0.count }.max() ?? 0
        return lines.map { $0.0 + ":" + String(repeating: " ", count: width - $0.0.count + 1) + $0.1 }
    }

    /// The match in a few words: "CCCD: đúng chủ thẻ", "CCCD: người giám hộ của trẻ",
    /// "CCCD: KHÔNG KHỚP (ngày sinh khác)".
    package static func match(_ identity: IdentityMatch, _ lang: Language) -> String {
        let vi = lang == .vi
        switch identity.match {
        case .holder: return vi ? "Đối chiếu CCCD: đúng chủ thẻ" : "ID check: the card's holder"
        case .guardian: return vi ? "Đối chiếu CCCD: cha mẹ/người giám hộ ghi trên thẻ trẻ em" : "ID check: the guardian named on the child's card"
        case .mismatch:
            let which = FindingText.detail(.identityDiffers(identity.different), lang) ?? ""
            return vi ? "Đối chiếu CCCD: KHÔNG KHỚP (\(which))" : "ID check: DOES NOT MATCH (\(which))"
        }
    }
}
