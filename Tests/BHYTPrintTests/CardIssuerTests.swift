import BHYTCard
import BHYTCOSE
import BHYTQR
import Testing
@testable import BHYTPrint

/// Issuing in the library: what the verifier or the printed card would refuse is never signed.
@Suite struct CardIssuerTests {
    static let key = SigningKey.generate(.eddsa)
    static let iat: Int64 = 1_735_689_600

    @Test func signsAPrintableCardAndGivesItsWarnings() throws {
        let issuer = try CardIssuer(key: Self.key, issuer: "VN-48")
        let issued = try issuer.issue(CardLayoutTests.card(), at: Self.iat)
        #expect(issued.text.hasPrefix("BHXH1:"))
        // What was signed lays out on the card (the same check, done again by hand).
        let matrix = try QREncoder.encode(cardText: issued.text, errorCorrection: .M)
        _ = try CardLayout(card: CardLayoutTests.card(), matrix: matrix, signed: true)
    }

    @Test func refusesWhatTheCardCannotPrint() throws {
        let issuer = try CardIssuer(key: Self.key, issuer: "VN-48")
        let name = Array(repeating: "Nguyễn Phương", count: 9).joined(separator: " ")  // 125 characters
        #expect(throws: IssueError.cannotPrint(.nameDoesNotFit(cardCode: "TE1480345678912"))) {
            try issuer.issue(CardLayoutTests.card(name: name), at: Self.iat)
        }
        var card = CardLayoutTests.card()
        card.address = Array(repeating: "Thành phố Hồ Chí Minh,", count: 7).joined(separator: " ")  // 160 characters
        #expect(throws: IssueError.cannotPrint(.fieldDoesNotFit(cardCode: "TE1480345678912", field: "address"))) {
            try issuer.issue(card, at: Self.iat)
        }
        // The same card is refused by the printer: the issuer and `bhyt card` agree.
        #expect(throws: PrintError.self) {
            try CardLayout(card: card, matrix: try QREncoder.encode(cardText: "BHXH1:1234", errorCorrection: .M), signed: true)
        }
    }

    @Test func refusesWhatTheVerifierWouldRefuse() throws {
        let issuer = try CardIssuer(key: Self.key, issuer: "VN-48")
        var card = CardLayoutTests.card()
        card.fullName = "Lê\u{202E}Văn"
        #expect {
            try issuer.issue(card, at: Self.iat)
        } throws: { error in
            guard case IssueError.invalid(let issues) = error else { return false }
            return issues.contains { $0.code == .nameInvalid }
        }
    }

    @Test func refusesAnIssuerNoVerifierAccepts() {
        for bad in ["", "VN 79", "VN-79\n", String(repeating: "A", count: 33), "Việt"] {
            #expect(throws: IssueError.issuerInvalid(bad)) { try CardIssuer(key: Self.key, issuer: bad) }
        }
    }
}

/// The issuer's fit check (smallest size and gap only) and the full layout agree on every card:
/// names and addresses from short to too long, in both languages, with small and large QRs.
@Suite struct FitCheckTests {
    func agree(_ card: Card, _ matrix: QRMatrix, _ language: Language) -> Bool? {
        let full = Result { () throws(PrintError) in _ = try CardLayout(card: card, matrix: matrix, signed: true, language: language) }
        let check = Result { () throws(PrintError) in try CardLayout.checkFits(card: card, qrVersion: matrix.version, signed: true, language: language) }
        switch (full, check) {
        case (.success, .success): return true
        case (.failure(let a), .failure(let b)):
            #expect(a == b)
            return false
        default:
            Issue.record("layout \(full) but fit check \(check) for \(card.fullName) / \(card.address ?? "") / \(card.issuingPlace ?? "")")
            return nil
        }
    }

    /// The rows below the QR get the full width: a card whose last rows are long fits at a larger
    /// size (they start lower) even when it does not at the smallest.
    @Test func bottomRowsBelowTheQR() throws {
        let matrix = try QREncoder.encode(cardText: "BHXH1:" + String(repeating: "1234567890", count: 69), errorCorrection: .M)
        for n in stride(from: 30, through: 130, by: 5) {
            var card = CardLayoutTests.card()
            card.issuingPlace = String(Array(repeating: "Bảo hiểm xã hội Thành phố Đà Nẵng, ", count: 4).joined().prefix(n))
            for language in Language.allCases { _ = agree(card, matrix, language) }
        }
    }

    @Test func fitCheckAgreesWithTheFullLayout() throws {
        var rng = SplitMix64(seed: 20261203)
        let words = ["Nguyễn", "Phương", "Thị", "Hoàng", "Đỗ", "Khánh", "Lê", "Văn", "Trần", "Ưng", "W", "Mmmm"]
        let places = ["Phường Hải Châu 1,", "Quận Hải Châu,", "Thành phố Hồ Chí Minh,", "Thôn 3,", "Xã Ea Kao,"]
        var fits = 0, refused = 0
        for i in 0..<160 {
            var card = CardLayoutTests.card(guardian: i % 2 == 0 ? "Đỗ Văn Thành" : nil)
            card.fullName = (0..<Int.random(in: 2...18, using: &rng)).map { _ in words.randomElement(using: &rng)! }.joined(separator: " ")
            card.address = (0..<Int.random(in: 0...12, using: &rng)).map { _ in places.randomElement(using: &rng)! }.joined(separator: " ")
            let matrix = try QREncoder.encode(cardText: "BHXH1:" + String(repeating: "1234567890", count: Int.random(in: 20...90, using: &rng)),
                                              errorCorrection: .M)
            card.issuingPlace = String(Array(repeating: "Bảo hiểm xã hội tỉnh Thừa Thiên Huế, ", count: 4).joined()
                .prefix(Int.random(in: 10...140, using: &rng)))
            for language in Language.allCases {
                switch agree(card, matrix, language) {
                case true?: fits += 1
                case false?: refused += 1
                case nil: break
                }
            }
        }
        // Both outcomes occur, so the agreement means something.
        #expect(fits > 20 && refused > 20, "fits \(fits), refused \(refused)")
    }
}
