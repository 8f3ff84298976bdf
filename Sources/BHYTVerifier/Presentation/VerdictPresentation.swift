import BHYTCard

extension VerdictStatus {
    /// The word shown to the receptionist.
    public func label(_ lang: Language) -> String {
        switch (self, lang) {
        case (.valid, .vi): return "HỢP LỆ"
        case (.valid, .en): return "VALID"
        case (.invalid, .vi): return "KHÔNG HỢP LỆ"
        case (.invalid, .en): return "INVALID"
        case (.unverified, .vi): return "CHƯA XÁC THỰC"
        case (.unverified, .en): return "UNVERIFIED"
        case (.unreadable, .vi): return "KHÔNG ĐỌC ĐƯỢC"
        case (.unreadable, .en): return "UNREADABLE"
        }
    }

    /// A mark that survives without colour: ✔ ✘ ?
    package var mark: String {
        switch self {
        case .valid: return "✔"
        case .invalid: return "✘"
        case .unverified: return "?"
        case .unreadable: return "⟳"
        }
    }
}

extension Verdict {
    /// The holder's details a receptionist checks against the patient and an ID:
    /// name, birth date, card code, validity, benefit level with its percentage.
    public func holderLines(_ lang: Language) -> [(label: String, value: String)] {
        guard let card else { return [] }
        let vi = lang == .vi
        var lines: [(String, String)] = [
            (vi ? "Họ tên" : "Name", card.fullName),
            (vi ? "Ngày sinh" : "Date of birth", card.birthDate.legacyText),
            (vi ? "Mã thẻ" : "Card code", card.code.text),
            (vi ? "Giá trị" : "Valid", "\(card.validFrom.legacyText) – \(card.validTo?.legacyText ?? (vi ? "không thời hạn" : "open-ended"))"),
        ]
        if let level = card.benefitLevel {
            lines.append((vi ? "Mức hưởng" : "Benefit", "\(level.rawValue) (\(level.percent)%)"))
        }
        lines.append((vi ? "Nơi ĐK KCB" : "Facility", card.registeredFacility.display))
        // A child's card: the receptionist checks the guardian's ID, not the child's.
        if let guardian = card.guardianName { lines.append((vi ? "Cha mẹ / người giám hộ" : "Parent or guardian", guardian)) }
        if let issuer { lines.append((vi ? "Nơi cấp (iss)" : "Issuer (iss)", issuer)) }
        return lines
    }
}
