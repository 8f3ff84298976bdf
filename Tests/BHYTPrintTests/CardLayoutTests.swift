import Foundation
import BHYTCard
import BHYTQR
import Testing
@testable import BHYTPrint

/// Layout decisions with the real fonts (pango): what goes on the card, and what is refused.
@Suite struct CardLayoutTests {
    static func card(name: String = "Đỗ Ngọc Ánh", guardian: String? = "Đỗ Văn Thành") -> Card {
        Card(code: CardCode("TE1480345678912")!, fullName: name, birthDate: CardDate(year: 2021, month: 4, day: 30)!,
             sex: .female, address: "Phường Hải Châu 1, Quận Hải Châu, Đà Nẵng",
             registeredFacility: FacilityCode("48009")!, validFrom: CardDate(year: 2021, month: 5, day: 1)!,
             validTo: CardDate(year: 2027, month: 4, day: 29)!, issueDate: CardDate(year: 2021, month: 5, day: 10)!,
             guardianName: guardian, fiveYearsContinuousFrom: CardDate(year: 2026, month: 5, day: 1)!,
             issuingPlace: "Bảo hiểm xã hội Thành phố Đà Nẵng")
    }

    static func layout(_ card: Card, language: Language = .vi, facilityName: String? = nil) throws -> CardLayout {
        let matrix = try QREncoder.encode(cardText: "BHXH1:" + String(repeating: "1234567890", count: 69), errorCorrection: .M)
        return try CardLayout(card: card, matrix: matrix, signed: true, language: language, facilityName: facilityName)
    }

    func text(_ face: CardFace) -> String { face.lines.map(\.text).joined(separator: "\n") }

    @Test func everyFieldIsOnTheFrontInsideTheCard() throws {
        let l = try Self.layout(Self.card(), facilityName: "Bệnh viện Đà Nẵng")
        let front = text(l.front).replacingOccurrences(of: "\u{00A0}", with: " ")
        for field in ["THẺ BẢO HIỂM Y TẾ", "TE1480345678912", "ĐỖ NGỌC ÁNH", "30/04/2021", "Nữ", "Hải Châu 1",
                      "48 - 009 Bệnh viện Đà Nẵng", "29/04/2027", "1 (100%)", "Cha mẹ/người giám hộ:", "Đỗ Văn Thành",
                      "Thời điểm đủ 5 năm liên tục:", "01/05/2026", "Nơi cấp, đổi thẻ:", "10/05/2021"] {
            #expect(front.contains(field), "\(field)")
        }
        #expect(l.front.bottom <= CardLayout.height - 1.5)
        let qr = try #require(l.front.qr)
        #expect(qr.x + qr.placement.side <= CardLayout.width - 2.5 + 1e-9)
        for line in l.front.lines where line.align == 0 { #expect(line.x >= 3) }
    }

    @Test func guardianOnlyWhenGiven() throws {
        #expect(!text(try Self.layout(Self.card(guardian: nil)).front).contains("giám hộ"))
    }

    @Test func englishOnRequest() throws {
        let front = text(try Self.layout(Self.card(), language: .en).front)
        #expect(front.contains("HEALTH INSURANCE CARD") && front.contains("Parent or guardian:") && !front.contains("Họ và tên"))
    }

    @Test func longNameShrinksThenWrapsUncut() throws {
        let name = "Tôn Nữ Hoàng Thị Phương Thảo Nguyên Khánh Lin"
        let l = try Self.layout(Self.card(name: name))
        let nameLines = l.front.lines.filter { $0.runs.first?.style == .strong && $0.text != "TE1480345678912" }
        #expect(nameLines.count == 2)
        #expect(nameLines.map(\.text).joined(separator: " ") == name.uppercased())
        // Lines do not overlap: the second baseline is at least a line below the first.
        #expect(nameLines[1].baseline - nameLines[0].baseline >= nameLines[0].size * 1.1)
        let short = try Self.layout(Self.card(name: "Lê Văn An"))
        #expect(short.front.lines.contains { $0.text == "LÊ VĂN AN" && $0.size == 3.2 })
    }

    /// A 72-character name (the longest the desk meets) takes two lines at a legible size on the
    /// fullest card (guardian, five-year date, issuing place, the largest signed QR), in both
    /// languages, and the issuer's fit check agrees: it is not refused.
    @Test func aSeventyTwoCharacterNameTakesTwoLines() throws {
        let name = "Nguyễn Phương Hoàng Thị Khánh Linh Trần Đỗ Văn Minh Châu Lê Ngọc Bảo Anh"
        #expect(name.count == 72)
        for language in Language.allCases {
            let l = try Self.layout(Self.card(name: name), language: language)
            let nameLines = l.front.lines.filter { $0.runs.first?.style == .strong && $0.text != "TE1480345678912" }
            #expect(nameLines.count == 2 && nameLines.allSatisfy { $0.size >= 2.0 })
            #expect(nameLines.map(\.text).joined(separator: " ") == name.uppercased())
            try CardLayout.checkFits(card: Self.card(name: name), qrVersion: l.matrix.version, signed: true, language: language)
        }
    }

    @Test func nameThatCannotFitIsRefusedByCardCode() {
        #expect(throws: PrintError.nameDoesNotFit(cardCode: "TE1480345678912")) {
            try Self.layout(Self.card(name: Array(repeating: "Nguyễn Phương", count: 9).joined(separator: " ")))
        }
        #expect(throws: PrintError.nameDoesNotFit(cardCode: "TE1480345678912")) {
            try Self.layout(Self.card(name: String(repeating: "W", count: 40)))
        }
        let message = PrintError.nameDoesNotFit(cardCode: "TE1480345678912").description
        #expect(message.contains("TE1480345678912") && !message.contains("Nguyễn"))
    }

    @Test func fieldThatCannotFitIsRefusedByName() throws {
        var card = Self.card()
        card.address = Array(repeating: "Thành phố Hồ Chí Minh,", count: 12).joined(separator: " ")
        #expect(throws: PrintError.fieldDoesNotFit(cardCode: "TE1480345678912", field: "address")) {
            try Self.layout(card)
        }
    }

    @Test func qrModulesAreWholePixelsAt300DPI() throws {
        let p = try #require(QRPlacement(modules: 73, maxSide: 28))
        #expect(p.pixels == 4 && p.side <= 28)
        #expect(QRPlacement(modules: 177, maxSide: 28) == nil)  // version 40 cannot be read at 300 dpi there
        #expect(try #require(QRPlacement(modules: 57, maxSide: 28)).pixels == 5)
    }

    @Test func sheetMarksStayInThePrintableAreaAndOffTheBleed() {
        for (x1, y1, x2, y2) in SheetLayout.cutMarks {
            for x in [x1, x2] { #expect(x >= 5 && x <= SheetLayout.width - 5) }
            for y in [y1, y2] { #expect(y >= 5 && y <= SheetLayout.height - 5) }
        }
        let last = SheetLayout.origin(SheetLayout.perSheet - 1)
        #expect(last.y + CardLayout.height <= SheetLayout.height - 6)
        #expect(SheetLayout.origin(0).x - SheetLayout.bleed >= 6)
        // Backs mirror the columns.
        #expect(SheetLayout.origin(0, back: true).x == SheetLayout.origin(1).x)
        // Neighbouring bleeds do not meet.
        #expect(SheetLayout.origin(1).x - (SheetLayout.origin(0).x + CardLayout.width) > 2 * SheetLayout.bleed)
    }
}

extension CardLayoutTests {
    /// pango and fontconfig are used under one lock: layouts and documents made on several
    /// threads at once are the same as made one at a time.
    @Test func concurrentLayoutAndPrintingMatchSequential() async throws {
        let names = ["Đỗ Ngọc Ánh", "Nguyễn Hữu Phước", "Tôn Nữ Hoàng Thị Phương Thảo Nguyên Khánh Lin", "Lê Văn An"]
        let sequential = try names.map { try CardPrinter.card(Self.layout(Self.card(name: $0)), back: true) }
        let concurrent = try await withThrowingTaskGroup(of: (Int, [[UInt8]]).self) { group in
            for (i, name) in names.enumerated() {
                group.addTask { (i, try CardPrinter.card(Self.layout(Self.card(name: name)), back: true)) }
            }
            var out = [[[UInt8]]](repeating: [], count: names.count)
            for try await (i, files) in group { out[i] = files }
            return out
        }
        #expect(concurrent == sequential)
        #expect(sequential.allSatisfy { $0.count == 1 && $0[0].starts(with: Array("%PDF-".utf8)) })
    }
}

/// The facility line never breaks inside the facility's code or its province's name, on any
/// province's card, in either language, whatever else the card holds.
@Suite struct FacilityLineTests {
    static func sample(_ name: String) throws -> Card {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("samples/legacy/\(name).txt"), encoding: .utf8)
        return try LegacyCodec.read(text.trimmingCharacters(in: .newlines)).card
    }

    @Test func codeAndProvinceAreNeverBroken() throws {
        var checked = 0
        let addresses = [nil, "Thôn 3, Xã Ea Kao", "Số 12, đường Nguyễn Văn Linh, Phường Thạc Gián, Quận Thanh Khê, Thành phố Đà Nẵng"]
        for digits in [300, 700, 1100] {
          let matrix = try QREncoder.encode(cardText: "BHXH1:" + String(repeating: "1234567890", count: digits / 10), errorCorrection: .M)
          for (province, name) in ProvinceTable.entries {
            for variant in 0..<6 {
                var card = variant % 2 == 1 ? try Self.sample("te-2016") : try Self.sample("d2021-k1")
                card.registeredFacility = try #require(FacilityCode(province + "001"))
                if variant >= 2 { card.address = addresses[variant / 2] }
                for language in Language.allCases {
                    guard let layout = try? CardLayout(card: card, matrix: matrix, signed: true, language: language) else { continue }
                    let lines = layout.front.lines.map { $0.text.replacingOccurrences(of: "\u{00A0}", with: " ") }
                    let code = "\(province) - 001"
                    #expect(lines.contains { $0.contains(code) }, "\(code) broken: \(lines)")
                    #expect(lines.contains { $0.contains("(\(name))") }, "(\(name)) broken: \(lines)")
                    checked += 1
                }
            }
          }
        }
        #expect(checked >= ProvinceTable.entries.count * 20)
    }
}
