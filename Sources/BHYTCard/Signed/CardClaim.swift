import BHYTCBOR

/// The card claim: the card as a compact CBOR map with integer keys, carried in the
/// CWT under key -65537. The CDDL is in docs/FORMAT.md §4. Compactness was measured
/// against the legacy QR (the signed QR must need no larger a QR version), which is
/// why validity is not repeated here (it is the CWT's `nbf`/`exp`), why a management
/// code that ends with the social-insurance number carries only its agency digits, and
/// why the usual check-string shape travels as bytes.
///
/// | key | field | CBOR |
/// |---|---|---|
/// | 1 | code (mã thẻ) | tstr |
/// | 2 | fullName (họ tên) | tstr |
/// | 3 | birthDate (ngày sinh), full date | int, days since 1970-01-01 |
/// | 4 | birthDate, year only | uint |
/// | 5 | sex (giới tính) | 1 / 2 |
/// | 6 | address (địa chỉ) | tstr |
/// | 7 | registeredFacility (nơi ĐK KCB ban đầu) | uint when all 5 characters are digits (zero-padded to 5), else tstr |
/// | 10 | issueDate (ngày cấp) | int: days before valid-from (negative: after) |
/// | 11 | managementCode (mã quản lý), general form | tstr |
/// | 12 | guardianName (cha mẹ / người giám hộ) | tstr |
/// | 13 | livingArea (mã nơi sống) | uint 0–9, or tstr for any other code |
/// | 14 | fiveYearsContinuousFrom (đủ 5 năm liên tục) | int days |
/// | 15 | checkString (chuỗi kiểm tra), general form | tstr |
/// | 16 | benefitLevel (mức hưởng), when not the one the code carries | 1–5 |
/// | 17 | issuingPlace (nơi cấp) | tstr |
/// | 18 | managementCode = these 4 digits + the social-insurance number | uint 0–9999 |
/// | 19 | checkString of the form 16 lower-case hex digits `-` 4 digits | bstr, 10 bytes |
///
/// Valid-from and valid-to are the Vietnam-time dates of the CWT's `nbf` and `exp`.
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

    /// The card as a claim map (validity goes in the CWT, see ``SignedCardCodec/claims(for:issuer:issuedAt:)``).
    public static func encode(_ card: Card) -> CBOR {
        var m: [CBORPair] = []
        func put(_ k: Int64, _ v: CBOR?) { if let v { m.append(CBORPair(.int(k), v)) } }
        func days(_ d: CardDate?) -> CBOR? { d.map { .int(Int64($0.daysSinceEpoch)) } }
        put(1, .text(card.code.text))
        put(2, .text(card.fullName))
        if card.birthDate.isFullDate { put(3, days(card.birthDate)) } else { put(4, .int(Int64(card.birthDate.year))) }
        put(5, .int(Int64(card.sex.rawValue)))
        put(6, card.address.map(CBOR.text))
        let facility = card.registeredFacility.code
        put(7, facility.utf8.allSatisfy(isDigit) ? .int(Int64(facility) ?? 0) : .text(facility))
        put(10, card.issueDate.map { .int(Int64(card.validFrom.daysSinceEpoch - $0.daysSinceEpoch)) })
        if let mc = card.managementCode {
            if let agency = agencyDigits(mc, card.socialInsuranceNumber) { put(18, .int(Int64(agency))) } else { put(11, .text(mc)) }
        }
        put(12, card.guardianName.map(CBOR.text))
        if let area = card.livingArea?.code {
            put(13, area.utf8.count == 1 && area.utf8.allSatisfy(isDigit) ? .int(Int64(area) ?? 0) : .text(area))
        }
        put(14, days(card.fiveYearsContinuousFrom))
        if let cs = card.checkString {
            if let packed = packCheckString(cs) { put(19, .bytes(packed)) } else { put(15, .text(cs)) }
        }
        if card.benefitLevel != card.code.benefitLevel { put(16, card.benefitLevel.map { .int(Int64($0.rawValue)) }) }
        put(17, card.issuingPlace.map(CBOR.text))
        return .map(m)
    }

    /// The 4 agency digits when the management code is exactly them + the 10-digit number.
    static func agencyDigits(_ mc: String, _ sin: String?) -> Int? {
        guard let sin, mc.utf8.count == 14, mc.hasSuffix(sin), mc.utf8.allSatisfy(isDigit) else { return nil }
        return Int(mc.prefix(4))
    }

    /// `16 lower-case hex digits - 4 digits` as 8 bytes + the suffix as a big-endian uint16.
    static func packCheckString(_ cs: String) -> [UInt8]? {
        let u = Array(cs.utf8)
        guard u.count == 21, u[16] == UInt8(ascii: "-"), u[17...].allSatisfy(isDigit),
              u[..<16].allSatisfy({ isDigit($0) || ($0 >= 97 && $0 <= 102) }), let suffix = Int(cs.suffix(4)) else { return nil }
        var out: [UInt8] = []
        for i in stride(from: 0, to: 16, by: 2) {
            guard let hi = Hex.value(u[i]), let lo = Hex.value(u[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
        }
        return out + [UInt8(suffix >> 8), UInt8(suffix & 0xFF)]
    }

    static func unpackCheckString(_ b: [UInt8]) -> String? {
        guard b.count == 10 else { return nil }
        let suffix = Int(b[8]) << 8 | Int(b[9])
        guard suffix <= 9999 else { return nil }
        return b[..<8].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() + "-" + pad(suffix, 4)
    }

    /// Reads a card claim. Every key must be one listed above with its type, each field
    /// in its one deterministic form; `notBefore`/`expires` are the CWT's `nbf`/`exp`,
    /// which must fall on day boundaries in Vietnam time.
    public static func decode(_ item: CBOR, notBefore: Int64?, expires: Int64?) throws(DecodeError) -> Card {
        guard case .map(let members) = item else { throw DecodeError(key: nil, reason: "not a map") }
        // One slot per key 0…19; keys 0, 8 and 9 are not used.
        var values = Slots()
        for m in members {
            guard let k = m.key.int64, (1...19).contains(k), k != 8, k != 9 else { throw DecodeError(key: m.key.int64, reason: "unknown key") }
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
        func date(_ k: Int64) throws(DecodeError) -> CardDate? {
            guard let v = values[k] else { return nil }
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
        func exclusive(_ a: Int64, _ b: Int64) throws(DecodeError) {
            if values[a] != nil && values[b] != nil { throw DecodeError(key: b, reason: "both key \(a) and key \(b)") }
        }
        try exclusive(3, 4)
        try exclusive(11, 18)
        try exclusive(15, 19)
        guard let nbf = notBefore, let validFrom = CardDate(vietnamDateAt: nbf), validFrom.startInVietnam == nbf else {
            throw DecodeError(key: nil, reason: "nbf is not the start of a day in Vietnam time")
        }
        var issue: CardDate?
        if let v = values[10] {
            guard let before = v.int64, abs(before) <= 3_000_000, let d = CardDate(daysSinceEpoch: validFrom.daysSinceEpoch - Int(before)) else {
                throw DecodeError(key: 10, reason: "not a day offset")
            }
            issue = d
        }
        guard let codeText = try text(1, required: true) else { throw DecodeError(key: 1, reason: "missing") }
        guard let code = CardCode(codeText, issuedBefore2016: (issue?.year ?? 9999) < 2016), code.text == codeText else {
            throw DecodeError(key: 1, reason: "'\(codeText)' is not a card code")
        }
        let birth: CardDate
        if let d = try date(3) {
            birth = d
        } else if let y = try small(4) {
            guard let d = CardDate(year: y) else { throw DecodeError(key: 4, reason: "not a year") }
            birth = d
        } else {
            throw DecodeError(key: 3, reason: "no birth date (key 3 or 4)")
        }
        guard let sexValue = try small(5), let sex = Sex(rawValue: sexValue) else { throw DecodeError(key: 5, reason: "not 1 or 2") }
        let facilityText: String
        switch values[7] {
        case .text(let t)?:
            guard !t.utf8.allSatisfy(isDigit) else { throw DecodeError(key: 7, reason: "an all-digit code must be a uint (not deterministic)") }
            facilityText = t
        case let v?:
            guard let n = v.int64, (0...99999).contains(n) else { throw DecodeError(key: 7, reason: "not a facility code") }
            facilityText = pad(Int(n), 5)
        case nil: throw DecodeError(key: 7, reason: "missing")
        }
        guard let facility = FacilityCode(facilityText), facility.code == facilityText else {
            throw DecodeError(key: 7, reason: "'\(facilityText)' is not a facility code")
        }
        var validTo: CardDate?
        if let exp = expires {
            guard let d = CardDate(vietnamDateAt: exp), d.endInVietnam == exp else {
                throw DecodeError(key: nil, reason: "exp is not the end of a day in Vietnam time")
            }
            validTo = d
        }
        var level = code.benefitLevel
        if let l = try small(16) {
            guard let b = BenefitLevel(rawValue: l) else { throw DecodeError(key: 16, reason: "not 1–5") }
            guard b != code.benefitLevel else { throw DecodeError(key: 16, reason: "repeats the code's level (not deterministic)") }
            level = b
        }
        var management = try text(11)
        if let agency = try small(18) {
            guard let sin = code.socialInsuranceNumber else { throw DecodeError(key: 18, reason: "the code has no social-insurance number") }
            management = pad(agency, 4) + sin
        } else if let m = management, agencyDigits(m, code.socialInsuranceNumber) != nil {
            throw DecodeError(key: 11, reason: "must be written as key 18 (not deterministic)")
        }
        var living: LivingArea?
        switch values[13] {
        case nil: living = nil
        case .text(let t)?:
            guard !(t.utf8.count == 1 && t.utf8.allSatisfy(isDigit)) else { throw DecodeError(key: 13, reason: "a digit must be a uint (not deterministic)") }
            living = LivingArea(code: t)
        case let v?:
            guard let n = v.int64, (0...9).contains(n) else { throw DecodeError(key: 13, reason: "not 0–9 or text") }
            living = LivingArea(code: String(n))
        }
        var check = try text(15)
        if let c = check, packCheckString(c) != nil { throw DecodeError(key: 15, reason: "must be written as key 19 (not deterministic)") }
        if let packed = values[19] {
            guard case .bytes(let b) = packed, let s = unpackCheckString(b) else { throw DecodeError(key: 19, reason: "not 10 bytes with a suffix ≤ 9999") }
            check = s
        }
        return Card(code: code, fullName: try text(2, required: true) ?? "", birthDate: birth, sex: sex,
                    address: try text(6), registeredFacility: facility, validFrom: validFrom, validTo: validTo,
                    issueDate: issue, managementCode: management, guardianName: try text(12),
                    livingArea: living, fiveYearsContinuousFrom: try date(14),
                    checkString: check, benefitLevel: level, issuingPlace: try text(17))
    }
}

/// The card claim's values by key, in a fixed array (keys are small integers).
struct Slots {
    private var storage = [CBOR?](repeating: nil, count: 20)
    subscript(key: Int64) -> CBOR? {
        get { key >= 0 && key < 20 ? storage[Int(key)] : nil }
        set { if key >= 0 && key < 20 { storage[Int(key)] = newValue } }
    }
}
