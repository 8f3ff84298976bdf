import BHYTCBOR

/// The card claim: the card as a compact CBOR map with integer keys, carried in the
/// CWT under key -65537. The CDDL is in docs/FORMAT.md §4; the keys:
///
/// | key | field | CBOR |
/// |---|---|---|
/// | 1 | code (mã thẻ) | tstr |
/// | 2 | fullName (họ tên) | tstr |
/// | 3 | birthDate (ngày sinh), full date | int, days since 1970-01-01 |
/// | 4 | birthDate, year only | uint |
/// | 5 | sex (giới tính) | 1 / 2 |
/// | 6 | address (địa chỉ) | tstr |
/// | 7 | registeredFacility (nơi ĐK KCB ban đầu) | tstr, 5 chars |
/// | 8 | validFrom | int days |
/// | 9 | validTo | int days |
/// | 10 | issueDate | int days |
/// | 11 | managementCode | tstr |
/// | 12 | guardianName | tstr |
/// | 13 | livingArea | tstr |
/// | 14 | fiveYearsContinuousFrom | int days |
/// | 15 | checkString | tstr |
/// | 16 | benefitLevel, when not the one the code carries | 1–5 |
/// | 17 | issuingPlace | tstr |
public enum CardClaim {
    /// The CWT claim key of the card claim (private use, below -65536).
    public static let cwtKey: Int64 = -65537

    /// Why a card claim could not be read.
    public struct DecodeError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The claim key at fault, if one.
        public let key: Int64?
        public let reason: String
        public var description: String { key.map { "card claim key \($0): \(reason)" } ?? "card claim: \(reason)" }
    }

    /// The card as a claim map.
    public static func encode(_ card: Card) -> CBOR {
        var m: [CBORPair] = []
        func put(_ k: Int64, _ v: CBOR?) { if let v { m.append(CBORPair(.int(k), v)) } }
        func days(_ d: CardDate?) -> CBOR? { d.map { .int(Int64($0.daysSinceEpoch)) } }
        put(1, .text(card.code.text))
        put(2, .text(card.fullName))
        if card.birthDate.isFullDate { put(3, days(card.birthDate)) } else { put(4, .int(Int64(card.birthDate.year))) }
        put(5, .int(Int64(card.sex.rawValue)))
        put(6, card.address.map(CBOR.text))
        put(7, .text(card.registeredFacility.code))
        put(8, days(card.validFrom))
        put(9, days(card.validTo))
        put(10, days(card.issueDate))
        put(11, card.managementCode.map(CBOR.text))
        put(12, card.guardianName.map(CBOR.text))
        put(13, card.livingArea.map { .text($0.code) })
        put(14, days(card.fiveYearsContinuousFrom))
        put(15, card.checkString.map(CBOR.text))
        if card.benefitLevel != card.code.benefitLevel { put(16, card.benefitLevel.map { .int(Int64($0.rawValue)) }) }
        put(17, card.issuingPlace.map(CBOR.text))
        return .map(m)
    }

    /// Reads a card claim. Every key must be one of 1–17 with its type; 3 and 4 exclusive.
    public static func decode(_ item: CBOR) throws(DecodeError) -> Card {
        guard case .map(let members) = item else { throw DecodeError(key: nil, reason: "not a map") }
        var values: [Int64: CBOR] = [:]
        for m in members {
            guard let k = m.key.int64, (1...17).contains(k) else { throw DecodeError(key: m.key.int64, reason: "unknown key") }
            values[k] = m.value
        }
        func text(_ k: Int64, required: Bool = false) throws(DecodeError) -> String? {
            switch values[k] {
            case nil:
                if required { throw DecodeError(key: k, reason: "missing") }
                return nil
            case .text(let s)?: return s
            default: throw DecodeError(key: k, reason: "not text")
            }
        }
        func date(_ k: Int64, required: Bool = false) throws(DecodeError) -> CardDate? {
            guard let v = values[k] else {
                if required { throw DecodeError(key: k, reason: "missing") }
                return nil
            }
            guard let n = v.int64, let d = CardDate(daysSinceEpoch: Int(clamping: n)) else {
                throw DecodeError(key: k, reason: "not a day number in years 1–9999")
            }
            return d
        }
        func small(_ k: Int64) throws(DecodeError) -> Int? {
            guard let v = values[k] else { return nil }
            guard let n = v.int64, (0...9999).contains(n) else { throw DecodeError(key: k, reason: "not a small unsigned integer") }
            return Int(n)
        }
        guard let codeText = try text(1, required: true) else { throw DecodeError(key: 1, reason: "missing") }
        let issue = try date(10)
        guard let code = CardCode(codeText, issuedBefore2016: (issue?.year ?? 9999) < 2016), code.text == codeText else {
            throw DecodeError(key: 1, reason: "'\(codeText)' is not a card code")
        }
        let birth: CardDate
        switch (try date(3), try small(4)) {
        case (let d?, nil): birth = d
        case (nil, let y?):
            guard let d = CardDate(year: y) else { throw DecodeError(key: 4, reason: "not a year") }
            birth = d
        case (nil, nil): throw DecodeError(key: 3, reason: "no birth date (key 3 or 4)")
        default: throw DecodeError(key: 4, reason: "both a birth date and a birth year")
        }
        guard let sexValue = try small(5), let sex = Sex(rawValue: sexValue) else { throw DecodeError(key: 5, reason: "not 1 or 2") }
        let facilityText = try text(7, required: true) ?? ""
        guard let facility = FacilityCode(facilityText), facility.code == facilityText else {
            throw DecodeError(key: 7, reason: "'\(facilityText)' is not a facility code")
        }
        guard let validFrom = try date(8, required: true) else { throw DecodeError(key: 8, reason: "missing") }
        var level = code.benefitLevel
        if let l = try small(16) {
            guard let b = BenefitLevel(rawValue: l) else { throw DecodeError(key: 16, reason: "not 1–5") }
            guard b != code.benefitLevel else { throw DecodeError(key: 16, reason: "repeats the code's level (not deterministic)") }
            level = b
        }
        return Card(code: code, fullName: try text(2, required: true) ?? "", birthDate: birth, sex: sex,
                    address: try text(6), registeredFacility: facility, validFrom: validFrom, validTo: try date(9),
                    issueDate: issue, managementCode: try text(11), guardianName: try text(12),
                    livingArea: try text(13).map(LivingArea.init(code:)), fiveYearsContinuousFrom: try date(14),
                    checkString: try text(15), benefitLevel: level, issuingPlace: try text(17))
    }
}
