import BHYTCard
import Testing

@Suite struct CardDateTests {
    @Test func legacyAndISOForms() throws {
        let d = try #require(CardDate(legacyText: "15/03/1992"))
        #expect(d.year == 1992 && d.month == 3 && d.day == 15)
        #expect(d.legacyText == "15/03/1992" && d.isoText == "1992-03-15")
        #expect(CardDate(isoText: "1992-03-15") == d)
        let y = try #require(CardDate(legacyText: "1978"))
        #expect(!y.isFullDate && y.legacyText == "1978" && y.isoText == "1978")
    }

    @Test(arguments: ["31/02/2024", "29/02/2023", "00/01/2024", "01/13/2024", "1/1/2024", "01-01-2024", "2024/01/01", "0000", "abcd", ""])
    func rejectsNonDates(_ s: String) {
        #expect(CardDate(legacyText: s) == nil)
    }

    @Test func leapDay() {
        #expect(CardDate(legacyText: "29/02/2024") != nil)
        #expect(CardDate(legacyText: "29/02/2000") != nil)
        #expect(CardDate(legacyText: "29/02/1900") == nil)
    }

    @Test func epochDaysRoundTrip() throws {
        #expect(CardDate(year: 1970, month: 1, day: 1)?.daysSinceEpoch == 0)
        #expect(CardDate(year: 2024, month: 3, day: 1)?.daysSinceEpoch == 19783)
        var g = SeededGenerator(seed: 7)
        for _ in 0..<2000 {
            let days = Int(g.next() % 60000) - 20000
            let d = try #require(CardDate(daysSinceEpoch: days))
            #expect(d.daysSinceEpoch == days)
        }
    }

    @Test func vietnamTime() throws {
        let d = try #require(CardDate(year: 2024, month: 1, day: 1))
        // 2024-01-01 00:00 in Vietnam is 2023-12-31 17:00 UTC.
        #expect(d.startInVietnam == 1_704_042_000)
        #expect(d.endInVietnam == 1_704_128_399)
        #expect(CardDate(vietnamDateAt: 1_704_042_000) == d)
        #expect(CardDate(vietnamDateAt: 1_704_041_999) == CardDate(year: 2023, month: 12, day: 31))
    }
}
