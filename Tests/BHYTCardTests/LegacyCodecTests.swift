import BHYTCard
import Foundation
import Testing

@Suite struct LegacyCodecTests {
    static let sampleNames = ["dn-2016", "hs-2016", "te-2016", "cb-2016-k2", "d2021-open", "d2021-k1", "pre2016"]

    @Test(arguments: sampleNames)
    func samplesReadAsTheirJSON(_ name: String) throws {
        let read = try LegacyCodec.read(try Samples.line("legacy/\(name).txt"))
        #expect(try read.card == Samples.card(name))
        #expect(read.generation == (name.hasPrefix("d2021") ? .design2021 : .gen2016))
        #expect(read.repairedFrom == nil)
    }

    @Test(arguments: sampleNames)
    func samplesWriteBackByteForByte(_ name: String) throws {
        let line = try Samples.line("legacy/\(name).txt")
        #expect(try LegacyCodec.read(line).text == line)
        // And a card from JSON writes the same text (the samples are canonical).
        #expect(try LegacyCodec.write(Samples.card(name)) == line)
    }

    @Test func quirksReadAsTheCardTheyCarry() throws {
        let expected = try #require(try Samples.json("legacy/quirks/EXPECTED.json") as? [String: Any])
        #expect(expected.count >= 10)
        for (quirk, cardName) in expected {
            let raw = try Samples.text("legacy/quirks/\(quirk).txt")
            let read = try LegacyCodec.read(raw)
            if let cardName = cardName as? String {
                #expect(try read.card == Samples.card(cardName), "\(quirk)")
            }
            #expect(read.repairedFrom == (quirk.hasPrefix("telex") ? .telex : quirk.hasPrefix("vni") ? .vni : nil), "\(quirk)")
        }
    }

    @Test(arguments: ["upper-hex", "spaces-around-fields", "en-dash-facility", "leading-space-dates", "check-15-digits"])
    func wellFormedQuirksWriteBackExactly(_ quirk: String) throws {
        let line = try Samples.line("legacy/quirks/\(quirk).txt")
        #expect(try LegacyCodec.read(line).text == line)
    }

    @Test func scannerNoiseIsDropped() throws {
        let canonical = try Samples.line("legacy/dn-2016.txt")
        #expect(try LegacyCodec.read(canonical + "\r\n").text == canonical)
        let missing = try LegacyCodec.read(String(canonical.dropLast(2)))
        #expect(missing.terminatorMissing && missing.text == canonical)
        let trailingBar = try LegacyCodec.read(String(canonical.dropLast(1)))
        #expect(try trailingBar.terminatorMissing && trailingBar.card == Samples.card("dn-2016"))
    }

    @Test func checkStringIsOpaque() throws {
        let line = try Samples.line("legacy/quirks/check-15-digits.txt")
        let card = try LegacyCodec.read(line).card
        #expect(card.checkString == "c1d8e2fa0b37a65-7102")
        for odd in ["0101", "ZZZ-9", "-"] {
            let changed = line.replacingOccurrences(of: "c1d8e2fa0b37a65-7102", with: odd)
            let read = try LegacyCodec.read(changed)
            #expect(read.text == changed)
            #expect(read.card.checkString == (odd == "-" ? nil : odd))
        }
    }

    @Test func editedFieldsAreWrittenCanonically() throws {
        let upper = try Samples.line("legacy/quirks/upper-hex.txt")
        let read = try LegacyCodec.read(upper)
        var card = read.card
        card.fullName = "Phạm Thu Hằng"
        let written = read.with(card: card).text
        let fields = written.split(separator: "|", omittingEmptySubsequences: false)
        #expect(fields[1] == Substring("Phạm Thu Hằng".utf8.map { String(format: "%02x", $0) }.joined()))
        #expect(fields[4] == upper.split(separator: "|")[4])  // untouched field keeps its upper case
        #expect(try LegacyCodec.read(written).card == card)
    }

    @Test func malformedSamplesFailWithTheirCodeAndField() throws {
        let expected = try #require(try Samples.json("malformed/EXPECTED.json") as? [String: [Any]])
        #expect(expected.count >= 6)
        for (name, want) in expected {
            let text = try Samples.line("malformed/\(name).txt")
            let error = #expect(throws: CardError.self, "\(name)") { try LegacyCodec.read(text) }
            #expect(error?.code.rawValue == want[0] as? String, "\(name)")
            #expect(error?.fieldIndex == want[1] as? Int, "\(name)")
        }
    }

    /// Every field, spoiled in turn, is reported at its own index and nothing is returned.
    @Test(arguments: 0..<16)
    func eachFieldIsCheckedAndNamed(_ index: Int) throws {
        let base = try Samples.line(index < 14 ? "legacy/dn-2016.txt" : "legacy/d2021-k1.txt")
        var fields = base.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let bad: [Int: String] = [0: "DN45601234", 1: "zz", 2: "1990-07-21", 3: "M", 4: "4g", 5: "5600", 6: "-",
                                  7: "31/04/2024", 8: "2023", 9: "79O1", 10: "c3", 11: "K1", 12: "00/01/2027",
                                  13: "ê", 14: "6", 15: "e1bb"]
        fields[index] = bad[index] ?? "?"
        let error = #expect(throws: CardError.self) { try LegacyCodec.read(fields.joined(separator: "|")) }
        #expect(error?.fieldIndex == index)
        #expect(error?.code == .legacyFieldInvalid || error?.code == .imeMangled)
        #expect(error?.message(.vi).contains("Trường \(index)") == true)
    }

    @Test func generationAndCodeMustAgree() throws {
        let line = try Samples.line("legacy/dn-2016.txt").replacingOccurrences(of: "DN4790123456789", with: "0123456789")
        let error = #expect(throws: CardError.self) { try LegacyCodec.read(line) }
        #expect(error?.fieldIndex == 0)
    }

    @Test func hostileSizesAndShapes() {
        for text in ["", "   ", "\r\n", "|||||", String(repeating: "|", count: 14) + "$", "$",
                     String(repeating: "a", count: LegacyCodec.maximumLength + 1), "DN4\u{0}|x|$"] {
            #expect(throws: CardError.self) { try LegacyCodec.read(text) }
        }
        let long = String(repeating: "1|", count: 3000)
        let error = #expect(throws: CardError.self) { try LegacyCodec.read(long) }
        #expect(error?.code == .legacyTooLong)
    }

    /// Property: random valid cards → write → read → the same card; and the text is stable.
    @Test func randomCardsRoundTrip() throws {
        var g = SeededGenerator(seed: 2016_2021)
        for _ in 0..<3000 {
            let card = RandomCards.card(&g)
            let text = LegacyCodec.write(card)
            let read = try LegacyCodec.read(text)
            #expect(read.card == card, "\(text)")
            #expect(read.text == text)
        }
    }

    /// Property: for well-formed text with any mix of scanner spellings, write(read(s)) == s.
    @Test func wellFormedSpellingsSurvive() throws {
        var g = SeededGenerator(seed: 42)
        for _ in 0..<1500 {
            let card = RandomCards.card(&g)
            var fields = LegacyCodec.write(card).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            for i in fields.indices {
                switch g.next() % 6 {
                case 0: fields[i] = fields[i].uppercased()
                case 1: fields[i] = " " + fields[i]
                case 2: fields[i] = fields[i] + "  "
                case 3: fields[i] = fields[i].replacingOccurrences(of: " - ", with: " \u{2013} ")
                default: break
                }
            }
            let s = fields.joined(separator: "|")
            let read = try LegacyCodec.read(s)
            #expect(read.text == s)
            #expect(read.card.fullName == card.fullName && read.card.validTo == card.validTo)
        }
    }
}
