import BHYTCard
import BHYTQR
import Testing
@testable import BHYTPrint

/// The issuer's quick fit test: its bounds hold against pango, and it says "fits" only when
/// the exact layout fits.
@Suite struct FitBoundTests {
    /// Letters a card prints: Vietnamese in both cases, digits, punctuation, the spaces the
    /// layout uses (space, no-break space, em space).
    static let letters: [Character] = {
        let lower = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz"
        let other = "0123456789 \u{00A0}\u{2003}.,:;-–/()%'\"&"
        return Array(lower) + Array(lower.uppercased()) + Array(other)
    }()

    static func exact(_ runs: [TextRun]) -> LineMetrics {
        RenderLock.run { Measurer.shared.text.metrics(runs) }
    }

    static func bound(_ runs: [TextRun]) -> LineMetrics {
        guard let extents = FitBound.extents(of: [runs]) else { return LineMetrics(width: .nan, ascent: .nan, descent: .nan) }
        let ink = FitBound.ink(of: [runs], in: extents)
        return FitBound.measure(extents, ascent: ink.ascent, descent: ink.descent)(runs)
    }

    /// Pairs the font kerns wider ("-J" by 0.056 em in DejaVu Sans) are in the bound, and every
    /// pair of Latin letters, digits and punctuation, in both weights, is within it (the random
    /// lines below take the Vietnamese letters).
    @Test func everyPairWithinTheBound() {
        var widened = 0
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzĂÂĐÊÔƠƯăâđêôơư0123456789 \u{00A0}\u{2003}.,:;-/()%")
        for style in [TextStyle.value, .strong] {
            for a in letters {
                for b in letters {
                    let runs = [TextRun(String([a, b]), style)]
                    let exact = Self.exact(runs).width, bound = Self.bound(runs).width
                    if !(exact <= bound + 1e-9) { Issue.record("'\(a)\(b)' (\(style)) is \(exact - bound) em wider than its bound") }
                    if let e = FitBound.extents(of: [runs]), let a = a.unicodeScalars.first, let b = b.unicodeScalars.first,
                       (e.pairs[FitBound.key(a.value, b.value, bold: style.bold)] ?? 0) > 0.01 { widened += 1 }
                }
            }
        }
        // The font does kern some pairs wider: the pair table is what keeps the bound.
        #expect(widened > 0)
    }

    /// Random lines of mixed weights: shaped, each is no wider than its bound, and its ink no
    /// taller or deeper than its tallest and deepest letter.
    @Test func randomLinesWithinTheBound() {
        var rng = SplitMix64(seed: 20261203)
        for _ in 0..<3000 {
            let runs = (0..<Int.random(in: 1...4, using: &rng)).map { _ in
                TextRun(String((0..<Int.random(in: 1...40, using: &rng)).map { _ in Self.letters.randomElement(using: &rng)! }),
                        [TextStyle.label, .value, .strong].randomElement(using: &rng)!)
            }
            let exact = Self.exact(runs), bound = Self.bound(runs)
            #expect(bound.width.isFinite)
            #expect(exact.width <= bound.width + 1e-9, "\(runs.map(\.text))")
            #expect(exact.ascent <= bound.ascent + 1e-9 && exact.descent <= bound.descent + 1e-9, "\(runs.map(\.text))")
        }
    }

    /// On ordinary cards the quick test answers (so issuing does not shape lines), and wherever
    /// it says "fits", the full layout fits; cards near the limit fall to the exact layout.
    @Test func quickTestOnlyWhereTheLayoutFits() throws {
        var rng = SplitMix64(seed: 7)
        let words = ["Nguyễn", "Phương", "Thị", "Hoàng", "Đỗ", "Khánh", "Lê", "Văn", "Trần", "Ưng", "W", "Mmmm"]
        var quick = 0, exactOnly = 0, refused = 0
        for _ in 0..<200 {
            var card = CardLayoutTests.card()
            card.fullName = (0..<Int.random(in: 2...14, using: &rng)).map { _ in words.randomElement(using: &rng)! }.joined(separator: " ")
            card.address = String(Array(repeating: "Phường Hải Châu 1, Quận Hải Châu, ", count: 8).joined()
                .prefix(Int.random(in: 0...200, using: &rng)))
            let matrix = try QREncoder.encode(cardText: "BHXH1:" + String(repeating: "1234567890", count: Int.random(in: 20...90, using: &rng)),
                                              errorCorrection: .M)
            for language in Language.allCases {
                let fields = CardFields(card: card, language: language)
                let sure = CardLayout.surelyFits(fields, qrVersion: matrix.version)
                let fits = (try? CardLayout(card: card, matrix: matrix, signed: true, language: language)) != nil
                if sure {
                    #expect(fits, "quick test said fits: \(card.fullName) / \(card.address ?? "") v\(matrix.version)")
                    quick += 1
                } else if fits { exactOnly += 1 } else { refused += 1 }
            }
        }
        #expect(quick > 120 && exactOnly > 0 && refused > 0, "quick \(quick), exact only \(exactOnly), refused \(refused)")
    }

    /// A combining mark sits higher over a capital than alone: a name written with one (not
    /// precomposed) is left to the exact layout, which still prints it.
    @Test func combiningMarksGoToTheExactLayout() throws {
        var card = CardLayoutTests.card()
        card.fullName = "Nguye\u{0302}\u{0303}n Va\u{0306}n A"
        let fields = CardFields(card: card, language: .vi)
        #expect(!CardLayout.surelyFits(fields, qrVersion: 8))
        try CardLayout.checkFits(card: card, qrVersion: 8, signed: true, language: .vi)
        #expect(CardLayout.surelyFits(CardFields(card: CardLayoutTests.card(), language: .vi), qrVersion: 8))
    }

    /// A row's width on one line, summed without building the line, is the bound of the line
    /// ``TextFit`` builds: labels, empty values, runs of spaces, pairs and weights at random.
    @Test func oneLineWidthIsTheLineTextFitBuilds() {
        var rng = SplitMix64(seed: 42)
        let pieces = ["Ngày sinh:", "Địa chỉ:", "Nguyễn", "Văn", " ", "  ", "01/02/1990", "(Đà Nẵng)", "", "A-J"]
        var compared = 0
        for _ in 0..<2000 {
            let runs = (0..<Int.random(in: 1...6, using: &rng)).map { _ in
                TextRun((0..<Int.random(in: 0...4, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined(separator: " "),
                        [TextStyle.label, .value, .strong].randomElement(using: &rng)!)
            }
            guard let extents = FitBound.extents(of: [runs]) else { continue }
            let built = TextFit.units(runs).isEmpty ? 0 : FitBound.measure(extents, ascent: 0, descent: 0)(TextFit.line(TextFit.units(runs)[...])).width
            let summed = FitBound.oneLineWidth(runs, extents)
            #expect(abs(built - summed) < 1e-9, "\(runs.map { "\($0.style):\($0.text)" })")
            if built > 0 { compared += 1 }
        }
        #expect(compared > 1000)
    }
}
