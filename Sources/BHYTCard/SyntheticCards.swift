/// Seeded synthetic cards for tests and benchmarks: valid cards of every code form with
/// made-up Vietnamese names and places (no real person's data). The same seed gives the
/// same cards on every machine and every day.
package struct SyntheticCards: Sequence, IteratorProtocol, Sendable {
    private var generator: SplitMix64

    package init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    package mutating func next() -> Card? { card() }

    static let names = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
                        "Dương", "Lý", "Thị", "Văn", "Hữu", "Ngọc", "Minh", "Thu", "Hà", "Đức", "Ánh", "Khoa", "Lụa", "Phước",
                        "Quỳnh", "Tuấn", "Y", "H'Hen", "Ê Ban"]
    static let places = ["Phường Vĩnh Hải", "Xã Ea Tu", "Quận 7", "Thành phố Nha Trang", "Bắc Kạn", "Số 12, ngõ 34",
                         "Trường THCS Lê Lợi", "Công ty CP Thủy sản", "Khánh Hòa", "Hà Nội"]

    /// A uniformly chosen index below `n`.
    package mutating func below(_ n: Int) -> Int { Int(generator.next() % UInt64(Swift.max(1, n))) }
    private mutating func pick<T>(_ a: [T]) -> T { a[below(a.count)] }
    private mutating func flip() -> Bool { generator.next() & 1 == 0 }
    private mutating func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(below(10))) }) }
    private mutating func phrase(_ words: [String], _ count: Int) -> String { (0..<count).map { _ in pick(words) }.joined(separator: " ") }

    private mutating func date(from: Int, to: Int) -> CardDate {
        let y = from + below(to - from + 1)
        let m = 1 + below(12)
        let d = 1 + below(CardDate.daysInMonth(year: y, month: m))
        return CardDate(year: y, month: m, day: d) ?? CardDate(year: y) ?? CardDate.unixEpoch
    }

    /// The next random valid card.
    package mutating func card() -> Card {
        let provinces = ProvinceTable.entries.map(\.code)
        let objects = Array(ObjectCode.usualLevels.keys).sorted()
        let form = below(5)
        let sin = digits(10)
        let level = BenefitLevel(rawValue: 1 + below(5))
        let old = form == 4
        let issue = date(from: old ? 2008 : 2016, to: old ? 2015 : 2026)
        var codeText: String
        switch form {
        case 0, 1: codeText = pick(objects) + String(level?.rawValue ?? 4) + pick(provinces) + sin
        case 2, 3: codeText = sin
        default: codeText = pick(objects) + String(1 + below(7)) + pick(provinces) + digits(10)
        }
        let code = CardCode(codeText, issuedBefore2016: issue.year < 2016) ?? CardCode.fallback
        let validFrom = date(from: issue.year, to: issue.year + 1)
        let birth = below(4) == 0 ? CardDate(year: 1930 + below(80)) ?? CardDate.unixEpoch : date(from: 1930, to: validFrom.year - 1)
        let validTo: CardDate? = below(3) == 0 ? nil : date(from: validFrom.year + 1, to: validFrom.year + 5)
        let facilityText = pick(provinces) + (flip() ? digits(3) : "C" + digits(2))
        return Card(
            code: code,
            fullName: phrase(Self.names, 2 + below(3)),
            birthDate: birth,
            sex: flip() ? .male : .female,
            address: flip() ? phrase(Self.places, 1 + below(3)) : nil,
            registeredFacility: FacilityCode(facilityText) ?? FacilityCode.fallback,
            validFrom: validFrom,
            validTo: validTo,
            issueDate: flip() || old ? issue : nil,
            managementCode: flip() ? digits(4) + (code.socialInsuranceNumber ?? digits(10)) : nil,
            guardianName: flip() ? phrase(Self.names, 3) : nil,
            livingArea: flip() ? LivingArea(code: String(1 + below(8))) : nil,
            fiveYearsContinuousFrom: flip() ? date(from: 2000, to: 2035) : nil,
            checkString: flip() ? String(generator.next(), radix: 16) + "-" + digits(4) : nil,
            benefitLevel: code.form == .design2021 ? level : nil,
            issuingPlace: code.form == .design2021 && flip() ? phrase(Self.places, 2) : nil)
    }
}

/// SplitMix64: a small, fast, seedable generator (not for secrets).
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    package init(seed: UInt64) { state = seed }
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension CardDate {
    /// 1970-01-01.
    static let unixEpoch = CardDate(uncheckedYear: 1970, month: 1, day: 1)
}

extension CardCode {
    /// A valid code, used only where a generated one would fail to parse (never, by construction).
    static let fallback = CardCode(uncheckedText: "0000000000", form: .design2021)
}

extension FacilityCode {
    static let fallback = FacilityCode(uncheckedCode: "01001")
}
