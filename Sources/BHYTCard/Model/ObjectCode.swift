/// The two-letter object code (mã đối tượng) at the start of a 15-character card
/// code: the category under which a person is insured (DN employees, HS pupils, …).
public struct ObjectCode: Sendable, Hashable, CustomStringConvertible {
    /// The two upper-case letters.
    public let code: String

    /// The two letters as printed (e.g. `DN`).
    package init(_ code: String) { self.code = code }

    public var description: String { code }

    /// Whether the code is one seen on real cards.
    package var isKnown: Bool { ObjectCode.usualLevels[code] != nil }

    /// The benefit level usually attached to this object code; the real level is the person's.
    package var usualBenefitLevel: BenefitLevel? { ObjectCode.usualLevels[code] }

    /// Object codes seen on cards, with their usual benefit level.
    package static let usualLevels: [String: BenefitLevel] = {
        var table: [String: BenefitLevel] = [:]
        let groups: [(BenefitLevel, String)] = [
            (.full, "CC TE"),
            (.fullWithCeiling, "CK CB KC HN DT DK XD BT TS"),
            (.ninetyFive, "HT TC CN"),
            (.fullExtended, "QN CA CY"),
            (.eighty, "DN HX CH NN TK HC XK TB NO CT XB TN CS XN MS HD TQ TV TA TY HG LS PV HS SV GB GD YE XV"),
        ]
        for (level, codes) in groups {
            for code in codes.split(separator: " ") { table[String(code)] = level }
        }
        return table
    }()
}
