/// Benefit level (mức hưởng): how much of covered costs the fund pays.
///
/// The level belongs to the person, not to the object code: `HT2` and `DN1` occur.
public enum BenefitLevel: Int, Sendable, Hashable, CaseIterable, Codable {
    /// 1 — 100%, no ceiling (100%, không giới hạn).
    case full = 1
    /// 2 — 100%, with a ceiling for high-tech services (100%, có giới hạn DVKT cao).
    case fullWithCeiling = 2
    /// 3 — 95%.
    case ninetyFive = 3
    /// 4 — 80%.
    case eighty = 4
    /// 5 — 100%, including some services outside normal coverage (100%, kể cả ngoài phạm vi).
    case fullExtended = 5

    /// The share of covered costs the fund pays, in percent.
    public var percent: Int {
        switch self {
        case .full, .fullWithCeiling, .fullExtended: return 100
        case .ninetyFive: return 95
        case .eighty: return 80
        }
    }

    /// A one-line description for people.
    package func summary(_ language: Language) -> String {
        switch (self, language) {
        case (.full, .vi): return "100%, không giới hạn mức thanh toán"
        case (.full, .en): return "100%, no ceiling"
        case (.fullWithCeiling, .vi): return "100%, có giới hạn với dịch vụ kỹ thuật cao"
        case (.fullWithCeiling, .en): return "100%, with a ceiling for high-tech services"
        case (.ninetyFive, _): return "95%"
        case (.eighty, _): return "80%"
        case (.fullExtended, .vi): return "100%, kể cả một số dịch vụ ngoài phạm vi"
        case (.fullExtended, .en): return "100%, including some services outside normal coverage"
        }
    }
}

/// The language of text meant for people: Vietnamese (tiếng Việt) or English.
public enum Language: String, Sendable, Hashable, CaseIterable {
    case vi
    case en
}
