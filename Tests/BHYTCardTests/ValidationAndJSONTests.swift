import BHYTCard
import BHYTJSON
import Testing

@Suite struct ValidationTests {
    @Test func samplesHaveNoErrors() throws {
        for name in LegacyCodecTests.sampleNames {
            let issues = try Samples.card(name).validate()
            #expect(!issues.contains { $0.severity == .error }, "\(name): \(issues)")
        }
    }

    @Test func everyProblemIsListed() throws {
        var card = try Samples.card("d2021-k1")
        card.benefitLevel = nil
        card.fullName = " "
        card.validTo = CardDate(year: 2020, month: 1, day: 1)
        card.registeredFacility = try #require(FacilityCode("03001"))
        card.livingArea = .unknown("8")
        card.managementCode = "0601999999999"
        let codes = Set(card.validate().map(\.code))
        #expect(codes == ["BENEFIT_LEVEL_MISSING", "NAME_MISSING", "VALIDITY_RANGE_INVALID", "FACILITY_PROVINCE_UNKNOWN",
                          "LIVING_AREA_UNKNOWN", "MANAGEMENT_CODE_UNUSUAL"])
        #expect(card.validate().first { $0.code == "FACILITY_PROVINCE_UNKNOWN" }?.severity == .warning)
    }

    @Test func standardCodeLevelMustAgree() throws {
        var card = try Samples.card("dn-2016")
        card.benefitLevel = .full
        #expect(card.validate().map(\.code) == ["BENEFIT_LEVEL_MISMATCH"])
        let unknown = try #require(CardCode("ZZ4030123456789"))
        card = Card(code: unknown, fullName: "A", birthDate: CardDate(year: 1990)!, sex: .male,
                    registeredFacility: FacilityCode("01001")!, validFrom: CardDate(year: 2024, month: 1, day: 1)!)
        #expect(Set(card.validate().map(\.code)) == ["OBJECT_CODE_UNKNOWN", "PROVINCE_UNKNOWN"])
    }
}

@Suite struct CardJSONTests {
    @Test func randomCardsRoundTripThroughJSON() throws {
        var g = SeededGenerator(seed: 5)
        for _ in 0..<1000 {
            let card = RandomCards.card(&g)
            let text = card.json.serialized
            #expect(try Card(jsonText: text) == card)
            #expect(try JSONParser.parse(text) == card.json)
        }
    }

    @Test(arguments: [
        ("[]", nil), ("{}", "code"), (#"{"code":"DN4560123456789"}"#, "sex"),
        (#"{"code":"DN45","sex":"male"}"#, "code"),
        (#"{"code":"5601234567","sex":"x","registeredFacility":"56001","fullName":"A","birthDate":"1990","validFrom":"2024-01-01"}"#, "sex"),
        (#"{"code":"5601234567","sex":"male","registeredFacility":"5600","fullName":"A","birthDate":"1990","validFrom":"2024-01-01"}"#, "registeredFacility"),
        (#"{"code":"5601234567","sex":"male","registeredFacility":"56001","fullName":"A","birthDate":"1990","validFrom":"2024-13-01"}"#, "validFrom"),
        (#"{"code":"5601234567","sex":"male","registeredFacility":"56001","birthDate":"1990","validFrom":"2024-01-01"}"#, "fullName"),
        (#"{"code":"5601234567","sex":"male","registeredFacility":"56001","fullName":"A","birthDate":"1990","validFrom":"2024-01-01","benefitLevel":9}"#, "benefitLevel"),
        (#"{"code":5601234567}"#, "code"),
        // validTo must be said: a date, or null for an open-ended card — never left out.
        (#"{"code":"5601234567","sex":"male","registeredFacility":"56001","fullName":"A","birthDate":"1990","validFrom":"2024-01-01"}"#, "validTo"),
    ] as [(String, String?)])
    func badCardJSONNamesTheField(_ text: String, _ field: String?) {
        let error = #expect(throws: CardError.self) { try Card(jsonText: text) }
        #expect(error?.member == field && error?.code == .cardJSONInvalid)
    }

    @Test(arguments: ["{} x", "[1,]", "{\"a\":01}", "\"\\ud800\"", "\"a\u{01}\"", String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
                      "{\"a\"1}", "tru", "-", "1e", "\"\\x\""])
    func strictJSON(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test func anOpenEndedCardSaysSo() throws {
        let card = try Card(jsonText: #"{"code":"5601234567","sex":"male","registeredFacility":"56001","fullName":"A","birthDate":"1990","validFrom":"2024-01-01","validTo":null}"#)
        #expect(card.validTo == nil)
    }

    @Test func jsonEscapesAndNumbers() throws {
        let v = try JSONParser.parse(#"{"a":"x\"\n\u00e1\ud83d\ude00","b":-12,"c":1.5,"d":[true,false,null]}"#)
        #expect(v["a"] == .string("x\"\ná😀") && v["b"] == .int(-12) && v["c"] == .double(1.5))
        #expect(try JSONParser.parse(v.serialized) == v)
    }
}
