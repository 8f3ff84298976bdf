import BHYTCard
import Foundation
import Testing

/// Citizen ID (CCCD) QR text: its forms, what is refused, and how it is told from card text.
@Suite struct CitizenIDTests {
    static let seven = "079203001234|272345678|Nguyễn Thị Hồng Nhung|15081990|Nữ|12 Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh|20042021"

    @Test func sevenFields() throws {
        let id = try CitizenIDCodec.read(Self.seven)
        #expect(id.personalId == "079203001234" && id.oldId == "272345678" && id.fullName == "Nguyễn Thị Hồng Nhung")
        #expect(id.birthDate == CardDate(year: 1990, month: 8, day: 15) && id.sex == .female)
        #expect(id.address.hasPrefix("12 Lê Lợi") && id.issueDate == CardDate(year: 2021, month: 4, day: 20))
    }

    @Test func sixFieldsWithoutTheOldID() throws {
        let id = try CitizenIDCodec.read("001099012345|Trần Văn Đức|01011999|Nam|Hà Nội|01072024")
        #expect(id.personalId == "001099012345" && id.oldId == nil && id.fullName == "Trần Văn Đức" && id.sex == .male)
        #expect(id.issueDate == CardDate(year: 2024, month: 7, day: 1))
    }

    @Test func trailingFieldsAndPaddingAreIgnored() throws {
        for text in [Self.seven + "|", Self.seven + "|extra|more", "  " + Self.seven + "\r\n", Self.seven + "||"] {
            let id = try CitizenIDCodec.read(text)
            #expect(id.personalId == "079203001234" && id.issueDate == CardDate(year: 2021, month: 4, day: 20), "\(text)")
        }
        // An empty old-ID field is the seven-field form.
        #expect(try CitizenIDCodec.read("079203001234||Lê Văn A|15081990|Nam|Huế|20042021").oldId == nil)
    }

    @Test func namesAreNFCAndSpacesCollapsed() throws {
        let decomposed = "079203001234||Nguye\u{0302}\u{0303}n   Va\u{0306}n  A|15081990|NAM|Huế|"
        let id = try CitizenIDCodec.read(decomposed)
        #expect(id.fullName == "Nguyễn Văn A" && id.fullName.unicodeScalars.count == 12 && id.sex == .male && id.issueDate == nil)
    }

    @Test func yearOnlyBirthDates() throws {
        #expect(try CitizenIDCodec.read("079203001234||Lê Văn B|00001950|Nam|Huế|").birthDate == CardDate(year: 1950))
        #expect(try CitizenIDCodec.read("079203001234||Lê Văn B|1950|Nam|Huế|").birthDate == CardDate(year: 1950))
    }

    @Test func refusals() {
        let bad = [
            "079203001234|Lê Văn B|15081990|Nam|Huế",                 // five fields
            "079203001234||Lê Văn B|31021990|Nam|Huế|",                // 31 February
            "079203001234||Lê Văn B|15081990|Khác|Huế|",               // not Nam/Nữ
            "079203001234|12345|Lê Văn B|15081990|Nam|Huế|",           // old ID of 5 digits
            "079203001234|||15081990|Nam|Huế|",                        // no name
            "079203001234||Lê Văn B\u{202E}|15081990|Nam|Huế|",        // a direction override
            "079203001234||Lê Văn B|15081990|Nam|Huế|99999999",        // issue date no date
        ]
        for text in bad {
            #expect(throws: CardError.self, "\(text)") { try CitizenIDCodec.read(text) }
            do { _ = try CitizenIDCodec.read(text) } catch { #expect(error.code == .cccdMalformed && error.message(.vi).hasPrefix("CCCD: ")) }
        }
    }

    /// Any 12 digits: the prefix's old meanings are not checked.
    @Test func anyTwelveDigits() throws {
        for id in ["000000000000", "999999999999", "123456789012"] {
            #expect(try CitizenIDCodec.read("\(id)||Lê Văn B|15081990|Nam|Huế|").personalId == id)
        }
    }

    /// The classifier: a first field of 12 digits is a CCCD; a legacy card's first field (15
    /// characters or 10 digits) and a signed card are not.
    @Test func toldFromCardText() throws {
        #expect(CardTextKind.of(Self.seven) == .citizenID && CardTextKind.of("  " + Self.seven) == .citizenID)
        #expect(CardTextKind.of("0792030012345|x") == .legacy && CardTextKind.of("07920300123|x") == .legacy)
        #expect(CardTextKind.of("DN4797915040017|4e677579|01/01/1990|1|x") == .legacy)
        #expect(CardTextKind.of("BHXH1:123") == .signed && CardTextKind.of("079203001234") == .none)
    }
}

/// The person and the card (docs/VERIFYING.md): which fields decide, and the name comparison.
@Suite struct IdentityMatchTests {
    static func card(name: String = "Nguyễn Thị Hồng Nhung", born: CardDate = CardDate(year: 1990, month: 8, day: 15)!, sex: Sex = .female,
                     personalId: String? = nil, guardian: String? = nil) throws -> Card {
        var c = try Samples.card("d2021-k1")
        c.fullName = name
        c.birthDate = born
        c.sex = sex
        c.personalId = personalId
        c.guardianName = guardian
        return c
    }
    static let id = try! CitizenIDCodec.read(CitizenIDTests.seven)

    @Test func holderByNameBirthAndSex() throws {
        let m = IdentityMatch(card: try Self.card(), id: Self.id)
        #expect(m.match == .holder && m.fields == [.personalId: .absent, .name: .same, .birthDate: .same, .sex: .same])
    }

    /// Equal numbers are needed when both have one, and not enough: the number is printed on the
    /// card, and a QR is plain text.
    @Test func personalIDsMustAgreeWhenBothHaveOne() throws {
        #expect(IdentityMatch(card: try Self.card(personalId: "079203001234"), id: Self.id).match == .holder)
        let renamed = IdentityMatch(card: try Self.card(name: "Nguyễn Thị Hồng", personalId: "079203001234"), id: Self.id)
        #expect(renamed.match == .mismatch && renamed.different == [.name] && renamed.fields[.personalId] == .same)
        let other = IdentityMatch(card: try Self.card(personalId: "079203001235"), id: Self.id)
        #expect(other.match == .mismatch && other.different == [.personalId])
    }

    @Test func eachDifferenceIsAMismatch() throws {
        let born = IdentityMatch(card: try Self.card(born: CardDate(year: 1990, month: 8, day: 16)!), id: Self.id)
        #expect(born.match == .mismatch && born.different == [.birthDate])
        #expect(IdentityMatch(card: try Self.card(sex: .male), id: Self.id).different == [.sex])
        #expect(IdentityMatch(card: try Self.card(name: "Nguyễn Thị Hồng Nhụng"), id: Self.id).different == [.name])
    }

    @Test func yearOnlyBirthDatesCompareTheYear() throws {
        #expect(IdentityMatch(card: try Self.card(born: CardDate(year: 1990)!), id: Self.id).match == .holder)
        #expect(IdentityMatch(card: try Self.card(born: CardDate(year: 1991)!), id: Self.id).different == [.birthDate])
    }

    @Test func aChildsCardMatchesItsGuardian() throws {
        let child = try Self.card(name: "Lê Minh Khôi", born: CardDate(year: 2020, month: 1, day: 2)!, sex: .male,
                                  personalId: "079220009999", guardian: "NGUYỄN THỊ HỒNG  NHUNG")
        let m = IdentityMatch(card: child, id: Self.id)
        #expect(m.match == .guardian && m.fields[.personalId] == .different)
        let stranger = try Self.card(name: "Lê Minh Khôi", guardian: "Lê Văn Tám")
        #expect(IdentityMatch(card: stranger, id: Self.id).match == .mismatch)
    }

    /// Property: case, NFC/NFD and white space never tell names apart; one changed diacritic
    /// always does ("Trần Văn Đức" is not "Trần Văn Được").
    @Test func nameComparisonProperties() {
        var g = SeededGenerator(seed: 20261203)
        let words = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
                     "Dương", "Lý", "Văn", "Thị", "Hồng", "Nhung", "Đức", "Được", "Khôi", "Ánh", "Tuyết", "Quỳnh", "Ưng", "Ẩn"]
        let swaps: [(Character, Character)] = [("ứ", "ừ"), ("ư", "u"), ("ặ", "ạ"), ("ồ", "ổ"), ("ễ", "ế"), ("Đ", "D"), ("ơ", "o"), ("ầ", "ẩ")]
        var changed = 0
        for _ in 0..<500 {
            let name = (0..<Int.random(in: 2...5, using: &g)).map { _ in words.randomElement(using: &g)! }.joined(separator: " ")
            // The same name: other case, decomposed, spaces doubled and around.
            var same = Bool.random(using: &g) ? name.uppercased() : name.lowercased()
            if Bool.random(using: &g) { same = same.decomposedStringWithCanonicalMapping }
            same = "  " + same.replacingOccurrences(of: " ", with: Bool.random(using: &g) ? "   " : " \u{00A0}") + " "
            #expect(IdentityMatch.sameName(name, same), "\(name) / \(same)")
            // One diacritic changed: another name.
            for (a, b) in swaps.shuffled(using: &g) {
                guard let i = name.firstIndex(of: a) else { continue }
                var other = name
                other.replaceSubrange(i...i, with: String(b))
                #expect(!IdentityMatch.sameName(name, other), "\(name) / \(other)")
                changed += 1
                break
            }
        }
        #expect(changed > 100)
        #expect(!IdentityMatch.sameName("Trần Văn Đức", "Trần Văn Được") && IdentityMatch.sameName("TRẦN VĂN ĐỨC", "trần văn đức"))
    }
}
