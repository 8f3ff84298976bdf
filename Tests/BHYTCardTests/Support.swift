import BHYTCard
import Foundation

/// A seeded generator (SplitMix64): the same cards on every run and every day.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum Samples {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("samples")

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// A sample file's single line, without its final newline.
    static func line(_ path: String) throws -> String {
        var s = try text(path)
        if s.hasSuffix("\n") { s.removeLast() }
        return s
    }

    static func files(in dir: String, ext: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(dir).path)
            .filter { $0.hasSuffix("." + ext) }.sorted()
    }

    static func card(_ name: String) throws -> Card { try Card(jsonText: text("cards/\(name).json")) }

    static func json(_ path: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(path)))
    }
}

/// Random valid cards of every form, for property tests.
enum RandomCards {
    static let names = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
                        "Dương", "Lý", "Thị", "Văn", "Hữu", "Ngọc", "Minh", "Thu", "Hà", "Đức", "Ánh", "Khoa", "Lụa", "Phước",
                        "Quỳnh", "Tuấn", "Y", "H'Hen", "Ê Ban"]
    static let places = ["Phường Vĩnh Hải", "Xã Ea Tu", "Quận 7", "Thành phố Nha Trang", "Bắc Kạn", "Số 12, ngõ 34",
                         "Trường THCS Lê Lợi", "Công ty CP Thủy sản", "Khánh Hòa", "Hà Nội"]

    static func pick<T>(_ a: [T], _ g: inout SeededGenerator) -> T { a[Int(g.next() % UInt64(a.count))] }
    static func digits(_ n: Int, _ g: inout SeededGenerator) -> String {
        String((0..<n).map { _ in Character(String(g.next() % 10)) })
    }
    static func date(_ g: inout SeededGenerator, from: Int, to: Int) -> CardDate {
        let y = from + Int(g.next() % UInt64(to - from + 1))
        let m = 1 + Int(g.next() % 12)
        let d = 1 + Int(g.next() % UInt64(CardDate.daysInMonth(year: y, month: m)))
        return CardDate(year: y, month: m, day: d) ?? CardDate(year: y) ?? date(&g, from: from, to: to)
    }
    static func phrase(_ g: inout SeededGenerator, words: [String], count: Int) -> String {
        (0..<count).map { _ in pick(words, &g) }.joined(separator: " ")
    }

    static func card(_ g: inout SeededGenerator) -> Card {
        let provinces = ProvinceTable.entries.map(\.code)
        let objects = Array(ObjectCode.usualLevels.keys).sorted()
        let form = g.next() % 5
        let sin = digits(10, &g)
        let level = BenefitLevel(rawValue: 1 + Int(g.next() % 5))
        let issue = date(&g, from: form == 4 ? 2008 : 2016, to: form == 4 ? 2015 : 2026)
        let codeText: String
        switch form {
        case 0, 1: codeText = pick(objects, &g) + String(level?.rawValue ?? 4) + pick(provinces, &g) + sin
        case 2, 3: codeText = sin
        default: codeText = pick(objects, &g) + String(1 + g.next() % 7) + pick(provinces, &g) + digits(2, &g) + digits(3, &g) + digits(5, &g)
        }
        let code = CardCode(codeText, issuedBefore2016: issue.year < 2016) ?? CardCode("5601234567")!
        let validFrom = date(&g, from: issue.year, to: issue.year + 1)
        let birth = g.next() % 4 == 0 ? CardDate(year: 1930 + Int(g.next() % 80))! : date(&g, from: 1930, to: validFrom.year - 1)
        let validTo: CardDate? = g.next() % 3 == 0 ? nil : date(&g, from: validFrom.year + 1, to: validFrom.year + 5)
        let maybe = { (g: inout SeededGenerator) -> Bool in g.next() % 2 == 0 }
        return Card(
            code: code,
            fullName: phrase(&g, words: names, count: 2 + Int(g.next() % 3)),
            birthDate: birth,
            sex: maybe(&g) ? .male : .female,
            address: maybe(&g) ? phrase(&g, words: places, count: 1 + Int(g.next() % 3)) : nil,
            registeredFacility: FacilityCode(pick(provinces, &g) + (maybe(&g) ? digits(3, &g) : "C" + digits(2, &g)))!,
            validFrom: validFrom,
            validTo: validTo,
            issueDate: maybe(&g) ? issue : (form == 4 ? issue : nil),
            managementCode: maybe(&g) ? digits(4, &g) + (code.socialInsuranceNumber ?? digits(10, &g)) : nil,
            guardianName: maybe(&g) ? phrase(&g, words: names, count: 3) : nil,
            livingArea: maybe(&g) ? LivingArea(code: String(1 + g.next() % 8)) : nil,
            fiveYearsContinuousFrom: maybe(&g) ? date(&g, from: 2000, to: 2035) : nil,
            checkString: maybe(&g) ? String(g.next(), radix: 16) + "-" + digits(4, &g) : nil,
            benefitLevel: code.form == .design2021 ? level : nil,
            issuingPlace: code.form == .design2021 && maybe(&g) ? phrase(&g, words: places, count: 2) : nil)
    }
}
