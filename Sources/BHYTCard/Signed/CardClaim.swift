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
/// | 20 | personalId (số định danh cá nhân), 12 digits | uint below 10^12, written back with 12 digits |
///
/// Valid-from and valid-to are the Vietnam-time dates of the CWT's `nbf` and `exp`.
package enum CardClaim {
    /// The CWT claim key of the card claim (private use, below -65536).
    package static let cwtKey: Int64 = -65537

    /// The card as a claim map (validity goes in the CWT, see ``SignedCardCodec/claims(for:issuer:issuedAt:)``).
    package static func encode(_ card: Card) -> CBOR {
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
        if let id = card.personalId, id.utf8.count == 12, id.utf8.allSatisfy(isDigit), let n = Int64(id) { put(20, .int(n)) }
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
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 21)
        for i in 0..<8 {
            out[2 * i] = hex[Int(b[i] >> 4)]
            out[2 * i + 1] = hex[Int(b[i] & 0xF)]
        }
        out[16] = UInt8(ascii: "-")
        var v = suffix
        for i in stride(from: 20, through: 17, by: -1) {
            out[i] = 48 + UInt8(v % 10)
            v /= 10
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads a card claim from the reader (positioned at it). Every key must be one listed
    /// above, in deterministic order, with its one type; each field in its one deterministic
    /// form; no text with a character unsafe to show. `notBefore`/`expires` are the CWT's
    /// `nbf`/`exp`, which must fall on day boundaries in Vietnam time.
    package static func decode(_ claim: CBOR, notBefore: Int64?, expires: Int64?) throws(CardError) -> Card {
        guard let notBefore else { throw CardError(.claimsInvalid, "no nbf") }
        var r = SignedCardCodec.payloadDecoder.reader(claim.encoded)
        let card = try decode(from: &r, notBefore: notBefore, expires: expires)
        guard r.isAtEnd else { throw CardError(.claimsInvalid, "card claim: bytes after it") }
        return card
    }

    static func decode(from r: inout CBORReader, notBefore: Int64, expires: Int64?) throws(CardError) -> Card {
        var v = ClaimValues()
        do {
            guard try r.peekMajorType() == 5 else { throw CardError(.claimsInvalid, "card claim: not a map") }
            let count = try r.readMapHeader()
            var previous: Range<Int>?
            for _ in 0..<count {
                let keyStart = r.offset
                guard case .int(let k) = try r.readMapKey(after: &previous), (1...20).contains(k), k != 8, k != 9 else {
                    throw CardError(.claimsInvalid, "card claim: unknown key at byte \(keyStart)")
                }
                try v.read(k, from: &r)
            }
        } catch let e as CardError {
            throw e
        } catch {
            throw CardError(.claimsInvalid, "card claim: \(error)")
        }
        return try v.card(notBefore: notBefore, expires: expires)
    }
}

/// The card claim's values as read, each with its one type, before the card is built.
private struct ClaimValues {
    enum NumberOrText { case number(Int64), text(String) }
    /// By key (1…20); fixed slots instead of dictionaries (this runs once per card verified).
    var texts = [String?](repeating: nil, count: 21)
    var numbers = [Int64?](repeating: nil, count: 21)
    var facility: NumberOrText?
    var living: NumberOrText?
    var packedCheck: [UInt8]?

    func fail(_ k: Int64?, _ reason: String) -> CardError {
        CardError(.claimsInvalid, k.map { "card claim key \($0): \(reason)" } ?? "card claim: \(reason)")
    }

    mutating func read(_ k: Int64, from r: inout CBORReader) throws {
        let major = try r.peekMajorType()
        switch k {
        case 1, 2, 6, 11, 12, 15, 17:
            guard major == 3 else { throw fail(k, "not text") }
            let t = try r.readText()
            if let bad = TextSafety.firstUnsafe(in: t) { throw fail(k, "contains \(TextSafety.name(bad)), a control or direction character") }
            texts[Int(k)] = t
        case 7, 13:
            let value: NumberOrText
            switch major {
            case 3: value = .text(try r.readText())
            case 0: value = .number(try r.readInt())
            default: throw fail(k, "not an unsigned integer or text")
            }
            if k == 7 { facility = value } else { living = value }
        case 19:
            guard major == 2 else { throw fail(k, "not a byte string") }
            packedCheck = try r.readBytes()
        default:  // 3, 4, 5, 10, 14, 16, 18, 20: integers
            guard major <= 1 else { throw fail(k, "not an integer") }
            numbers[Int(k)] = try r.readInt()
        }
    }

    func date(_ k: Int64) throws(CardError) -> CardDate? {
        guard let n = numbers[Int(k)] else { return nil }
        guard let d = CardDate(daysSinceEpoch: Int(clamping: n)) else { throw fail(k, "not a day number in years 1–9999") }
        return d
    }

    func small(_ k: Int64) throws(CardError) -> Int? {
        guard let n = numbers[Int(k)] else { return nil }
        guard (0...9999).contains(n) else { throw fail(k, "not a small unsigned integer") }
        return Int(n)
    }

    func exclusive(_ a: Int64, _ b: Int64, present: (Int64) -> Bool) throws(CardError) {
        if present(a) && present(b) { throw fail(b, "both key \(a) and key \(b)") }
    }

    func card(notBefore nbf: Int64, expires: Int64?) throws(CardError) -> Card {
        try exclusive(3, 4) { numbers[Int($0)] != nil }
        try exclusive(11, 18) { $0 == 11 ? texts[11] != nil : numbers[18] != nil }
        try exclusive(15, 19) { $0 == 15 ? texts[15] != nil : packedCheck != nil }
        guard let validFrom = CardDate(vietnamDateAt: nbf), validFrom.startInVietnam == nbf else {
            throw fail(nil, "nbf is not the start of a day in Vietnam time")
        }
        var issue: CardDate?
        if let before = numbers[10] {
            guard abs(before) <= 3_000_000, let d = CardDate(daysSinceEpoch: validFrom.daysSinceEpoch - Int(before)) else {
                throw fail(10, "not a day offset")
            }
            issue = d
        }
        guard let codeText = texts[1] else { throw fail(1, "missing") }
        guard let code = CardCode(codeText, issuedBefore2016: (issue?.year ?? 9999) < 2016), code.text == codeText else {
            throw fail(1, "'\(codeText)' is not a card code")
        }
        guard let name = texts[2] else { throw fail(2, "missing") }
        let birth: CardDate
        if let d = try date(3) {
            birth = d
        } else if let y = try small(4) {
            guard let d = CardDate(year: y) else { throw fail(4, "not a year") }
            birth = d
        } else {
            throw fail(3, "no birth date (key 3 or 4)")
        }
        guard let sexValue = try small(5), let sex = Sex(rawValue: sexValue) else { throw fail(5, "not 1 or 2") }
        let facilityText: String
        switch facility {
        case .text(let t)?:
            guard !t.utf8.allSatisfy(isDigit) else { throw fail(7, "an all-digit code must be a uint (not deterministic)") }
            facilityText = t
        case .number(let n)?:
            guard (0...99999).contains(n) else { throw fail(7, "not a facility code") }
            facilityText = pad(Int(n), 5)
        case nil: throw fail(7, "missing")
        }
        guard let registered = FacilityCode(facilityText), registered.code == facilityText else {
            throw fail(7, "'\(facilityText)' is not a facility code")
        }
        var validTo: CardDate?
        if let exp = expires {
            guard let d = CardDate(vietnamDateAt: exp), d.endInVietnam == exp else {
                throw fail(nil, "exp is not the end of a day in Vietnam time")
            }
            validTo = d
        }
        var level = code.benefitLevel
        if let l = try small(16) {
            guard let b = BenefitLevel(rawValue: l) else { throw fail(16, "not 1–5") }
            guard b != code.benefitLevel else { throw fail(16, "repeats the code's level (not deterministic)") }
            level = b
        }
        var management = texts[11]
        if let agency = try small(18) {
            guard let sin = code.socialInsuranceNumber else { throw fail(18, "the code has no social-insurance number") }
            management = pad(agency, 4) + sin
        } else if let m = management, CardClaim.agencyDigits(m, code.socialInsuranceNumber) != nil {
            throw fail(11, "must be written as key 18 (not deterministic)")
        }
        var area: LivingArea?
        switch living {
        case nil: area = nil
        case .text(let t)?:
            guard !(t.utf8.count == 1 && t.utf8.allSatisfy(isDigit)) else { throw fail(13, "a digit must be a uint (not deterministic)") }
            area = LivingArea(code: t)
        case .number(let n)?:
            guard (0...9).contains(n) else { throw fail(13, "not 0–9 or text") }
            area = LivingArea(code: String(n))
        }
        var check = texts[15]
        if let c = check, CardClaim.packCheckString(c) != nil { throw fail(15, "must be written as key 19 (not deterministic)") }
        if let packed = packedCheck {
            guard let s = CardClaim.unpackCheckString(packed) else { throw fail(19, "not 10 bytes with a suffix ≤ 9999") }
            check = s
        }
        var personalId: String?
        if let n = numbers[20] {
            guard (0..<1_000_000_000_000).contains(n) else { throw fail(20, "not a 12-digit personal ID") }
            personalId = pad(Int(n), 12)
        }
        return Card(code: code, fullName: name, birthDate: birth, sex: sex, address: texts[6], registeredFacility: registered,
                    validFrom: validFrom, validTo: validTo, issueDate: issue, managementCode: management,
                    guardianName: texts[12], livingArea: area, fiveYearsContinuousFrom: try date(14),
                    checkString: check, benefitLevel: level, issuingPlace: texts[17], personalId: personalId)
    }
}

