import BHYTCard
import Testing

@Suite struct CardCodeTests {
    @Test func standardForm() throws {
        let c = try #require(CardCode("DN4560123456789"))
        #expect(c.form == .standard)
        #expect(c.objectCode?.code == "DN" && c.benefitDigit == 4 && c.benefitLevel == .eighty)
        #expect(c.provinceCode == "56" && c.socialInsuranceNumber == "0123456789")
        #expect(c.objectCode?.usualBenefitLevel == .eighty)
    }

    @Test func design2021Form() throws {
        let c = try #require(CardCode("5601234567"))
        #expect(c.form == .design2021 && c.socialInsuranceNumber == "5601234567")
        #expect(c.objectCode == nil && c.benefitLevel == nil && c.provinceCode == nil)
    }

    @Test func pre2016Form() throws {
        let byDigit = try #require(CardCode("HS7010101001234"))
        #expect(byDigit.form == .pre2016 && byDigit.benefitDigit == 7 && byDigit.benefitLevel == nil)
        #expect(byDigit.pre2016Parts?.district == "01" && byDigit.pre2016Parts?.unit == "010")
        #expect(byDigit.pre2016Parts?.serial == "01234" && byDigit.socialInsuranceNumber == nil)
        let byDate = try #require(CardCode("DN4560123456789", issuedBefore2016: true))
        #expect(byDate.form == .pre2016)
        let byLetters = try #require(CardCode("DN401AB0CD12345"))
        #expect(byLetters.form == .pre2016)
    }

    @Test func lowerCaseIsUpperCased() {
        #expect(CardCode("dn4560123456789")?.text == "DN4560123456789")
    }

    @Test(arguments: ["", "DN456012345678", "DN45601234567890", "D14560123456789", "DN8560123456789", "DN0560123456789",
                      "560123456", "56012345678", "DNX560123456789", "DN4560123456-89"])
    func rejects(_ s: String) {
        #expect(CardCode(s) == nil)
    }

    @Test func benefitLevels() {
        #expect(BenefitLevel.allCases.map(\.percent) == [100, 100, 95, 80, 100])
        #expect(ObjectCode("CC").usualBenefitLevel == .full && ObjectCode("CA").usualBenefitLevel == .fullExtended)
        #expect(ObjectCode("HT").usualBenefitLevel == .ninetyFive && ObjectCode("BT").usualBenefitLevel == .fullWithCeiling)
        #expect(!ObjectCode("ZZ").isKnown)
    }

    @Test func facilityAndLivingArea() throws {
        for text in ["56 - 001", "56 \u{2013} 001", "56-001", "56001", " 01 - C54 "] {
            #expect(FacilityCode(text) != nil, "\(text)")
        }
        #expect(FacilityCode("01 - C54")?.code == "01C54" && FacilityCode("01C54")?.display == "01 - C54")
        for text in ["5600", "56 - 0011", "AB - 001", "56 - 0-01", "56 -- 001", "560 - 01"] {
            #expect(FacilityCode(text) == nil, "\(text)")
        }
        #expect(LivingArea(code: "4") == LivingArea.none && LivingArea(code: "5") == .k1)
        #expect(LivingArea(code: "6") == .k2 && LivingArea(code: "7") == .k3)
        #expect(LivingArea(code: "8") == .unknown("8") && LivingArea(code: "8").code == "8")
        #expect(ProvinceTable.entries.count == 63 && ProvinceTable.name(of: "79") == "TP Hồ Chí Minh")
        #expect(ProvinceTable.name(of: "03") == nil)
    }
}
