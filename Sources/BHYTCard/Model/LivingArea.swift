/// Living-area code (mã nơi sống): whether the holder lives in a disadvantaged area.
public enum LivingArea: Sendable, Hashable {
    /// 4 — none (không).
    case none
    /// 5 — K1.
    case k1
    /// 6 — K2.
    case k2
    /// 7 — K3.
    case k3
    /// Any other code (old cards show `1` and `8`, meaning unknown): kept as read.
    case unknown(String)

    /// A code as it stands on the card.
    public init(code: String) {
        switch code {
        case "4": self = .none
        case "5": self = .k1
        case "6": self = .k2
        case "7": self = .k3
        default: self = .unknown(code)
        }
    }

    /// The code as written on the card.
    public var code: String {
        switch self {
        case .none: return "4"
        case .k1: return "5"
        case .k2: return "6"
        case .k3: return "7"
        case .unknown(let c): return c
        }
    }

    /// A label for people: "K1", "không", or the unknown code.
    package func label(_ language: Language) -> String {
        switch self {
        case .none: return language == .vi ? "không" : "none"
        case .k1: return "K1"
        case .k2: return "K2"
        case .k3: return "K3"
        case .unknown(let c): return language == .vi ? "không rõ (\(c))" : "unknown (\(c))"
        }
    }
}

/// Sex (giới tính) as the card codes it: 1 male (nam), 2 female (nữ).
public enum Sex: Int, Sendable, Hashable, Codable {
    case male = 1
    case female = 2

    /// `male` / `female`: the JSON forms' word (a card's, a citizen ID's), whatever the language.
    package var jsonName: String { self == .male ? "male" : "female" }

    /// "nam" / "nữ", or "male" / "female".
    package func label(_ language: Language) -> String {
        switch (self, language) {
        case (.male, .vi): return "Nam"
        case (.female, .vi): return "Nữ"
        case (.male, .en): return "male"
        case (.female, .en): return "female"
        }
    }
}
