import Testing
@testable import BHYTPrint

/// Fitting decisions with a fake measure: every character is 0.6 em wide, bold ones 0.7.
@Suite struct TextFitTests {
    static func measure(_ runs: [TextRun]) -> Double {
        runs.reduce(0) { $0 + Double($1.text.count) * ($1.style == .strong ? 0.7 : 0.6) }
    }

    func fit(_ runs: [TextRun], width: Double, maxLines: Int = 2) -> FittedText? {
        TextFit.fit(runs, width: width, largest: 3.0, smallest: 2.0, maxLines: maxLines, measure: Self.measure)
    }

    @Test func fitsOnOneLineAtTheLargestSize() throws {
        let f = try #require(fit([TextRun("LÊ VĂN AN", .strong)], width: 40))
        #expect(f.size == 3.0 && f.lines == [[TextRun("LÊ VĂN AN", .strong)]])
    }

    @Test func shrinksBeforeWrapping() throws {
        // 20 characters × 0.7 = 14 em: 3.0 mm needs 42 mm, 2.8 mm fits 40 mm.
        let f = try #require(fit([TextRun("NGUYỄN THỊ MINH KHAI", .strong)], width: 40))
        #expect(f.lines.count == 1)
        #expect(abs(f.size - 2.8) < 1e-9)
    }

    @Test func wrapsAtSpacesWhenTheSmallestSizeIsTooWide() throws {
        let name = "TÔN NỮ HOÀNG THỊ PHƯƠNG THẢO NGUYÊN KHÁNH LIN"  // 45 characters
        #expect(name.count == 45)
        let f = try #require(fit([TextRun(name, .strong)], width: 45))
        #expect(f.lines.count == 2)
        #expect(f.lines.map { $0.map(\.text).joined() }.joined(separator: " ") == name)  // nothing cut
        // At 3.0 mm a line holds 21 characters: "PHƯƠNG THẢO NGUYÊN KHÁNH LIN" (28) would need a
        // third; at 2.7 mm (23 characters) the name fits on two.
        #expect(abs(f.size - 2.7) < 1e-9)
        for line in f.lines { #expect(Self.measure(line) * f.size <= 45) }
    }

    @Test func neverCutsAWordOrDropsALine() {
        #expect(fit([TextRun(String(repeating: "W", count: 40), .strong)], width: 45) == nil)
        #expect(fit([TextRun(Array(repeating: "NGUYỄN", count: 12).joined(separator: " "), .strong)], width: 45) == nil)
    }

    @Test func keepsALabelWithTheFirstWordAndSeparatesPairs() throws {
        let runs = [TextRun("Ngày sinh:", .label), TextRun("30/04/2021", .value), TextRun("Giới tính:", .label), TextRun("Nữ", .value)]
        let one = try #require(fit(runs, width: 200))
        #expect(one.lines == [[TextRun("Ngày sinh: ", .label), TextRun("30/04/2021\u{2003}", .value),
                               TextRun("Giới tính: ", .label), TextRun("Nữ", .value)]])
        // Too narrow for one line at 3.0 mm (35 characters; 21 fit): the second pair moves whole,
        // its label with its value.
        let two = try #require(TextFit.fit(runs, width: 25 * 0.6 * 3.0, largest: 3.0, smallest: 2.0, maxLines: 2,
                                           shrinkBeforeWrap: 0, measure: Self.measure))
        #expect(two.size == 3.0)
        #expect(two.lines.count == 2)
        #expect(two.lines[1].first == TextRun("Giới tính: ", .label))
    }
}

extension TextFitTests {
    @Test func fieldsShrinkALittleThenWrap() throws {
        let runs = [TextRun("Địa chỉ:", .label), TextRun("Phường Hải Châu 1, Quận Hải Châu, Đà Nẵng", .value)]
        let width = Self.measure(TextFit.line(TextFit.units(runs)[...])) * 2.85
        // 2.85 would fit one line, but that is more than 0.1 mm below 3.0: two lines at 3.0.
        let wrapped = try #require(TextFit.fit(runs, width: width, largest: 3.0, smallest: 2.0, maxLines: 2,
                                               shrinkBeforeWrap: 0.1, measure: Self.measure))
        #expect(wrapped.size == 3.0 && wrapped.lines.count == 2)
        let shrunk = try #require(TextFit.fit(runs, width: width, largest: 3.0, smallest: 2.0, maxLines: 2,
                                              shrinkBeforeWrap: 0.3, measure: Self.measure))
        #expect(abs(shrunk.size - 2.8) < 1e-9 && shrunk.lines.count == 1)
    }
}

extension TextFitTests {
    func texts(_ f: FittedText) -> [String] { f.lines.map { $0.map(\.text).joined() } }

    @Test func twoLinesBreakAfterACommaNotBeforeALoneWord() throws {
        let runs = [TextRun("Địa chỉ:", .label), TextRun("Phường Hải Châu 1, Quận Hải Châu, Đà Nẵng", .value)]
        // Greedy would leave "Nẵng" alone on the second line.
        let width = Self.measure([TextRun("Địa chỉ: Phường Hải Châu 1, Quận Hải Châu, Đà", .value)]) * 2.0
        let f = try #require(TextFit.fit(runs, width: width, largest: 2.0, smallest: 2.0, maxLines: 2, measure: Self.measure))
        #expect(texts(f) == ["Địa chỉ: Phường Hải Châu 1,", "Quận Hải Châu, Đà Nẵng"])
    }

    @Test func twoLinesBreakBetweenPairsWhenTheyFit() throws {
        let runs = [TextRun("Nơi cấp:", .label), TextRun("Bảo hiểm xã hội tỉnh Bắc Kạn", .value),
                    TextRun("Ngày cấp:", .label), TextRun("20/12/2024", .value)]
        let f = try #require(TextFit.fit(runs, width: 40 * 0.6 * 2.0, largest: 2.0, smallest: 2.0, maxLines: 2, measure: Self.measure))
        #expect(texts(f) == ["Nơi cấp: Bảo hiểm xã hội tỉnh Bắc Kạn", "Ngày cấp: 20/12/2024"])
    }

    @Test func namesOnTwoLinesAreBalancedTopHeavy() throws {
        let f = try #require(fit([TextRun("NGUYỄN THỊ MINH KHAI PHƯƠNG", .strong)], width: 20 * 0.7 * 2.0))
        #expect(texts(f) == ["NGUYỄN THỊ MINH", "KHAI PHƯƠNG"])
    }
}
