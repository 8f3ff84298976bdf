import BHYTCard
import Testing

@Suite struct InputMethodTests {
    /// The rules as the reference note gives them.
    @Test(arguments: [("aa", "â"), ("ee", "ê"), ("dd", "đ"), ("af", "à"), ("ef", "è"), ("AA", "Â"), ("DD", "Đ"),
                      ("aaf", "ầ"), ("afa", "ầ"), ("aaa", "âa"), ("ddd", "đd"), ("5f", "5f"), ("bf", "bf"), ("e1", "e1")])
    func telex(_ keys: String, _ produced: String) {
        #expect(InputMethod.telex.type(keys) == produced)
    }

    @Test(arguments: [("a1", "á"), ("e6", "ê"), ("d9", "đ"), ("a61", "ấ"), ("a16", "ấ"), ("a8", "ă"), ("E5", "Ẹ"),
                      ("CA5", "CẠ"), ("e9", "e9"), ("b1", "b1"), ("a11", "á1"), ("aa", "aa")])
    func vni(_ keys: String, _ produced: String) {
        #expect(InputMethod.vni.type(keys) == produced)
    }

    /// The inverse finds the original among its key sequences, for random hex.
    @Test func inverseContainsTheOriginal() throws {
        var g = SeededGenerator(seed: 99)
        let hex = Array("0123456789abcdef")
        for method in InputMethod.allCases {
            for _ in 0..<3000 {
                let original = String((0..<(2 + Int(g.next() % 20))).map { _ in hex[Int(g.next() % 16)] })
                let mangled = method.type(original)
                let sequences = try #require(method.keySequences(producing: mangled, limit: 1 << 16))
                #expect(sequences.contains(original), "\(method) \(original) → \(mangled)")
                #expect(sequences.allSatisfy { method.type($0) == mangled })
            }
        }
    }

    /// Whole cards typed with an input method on: either repaired to exactly the card,
    /// or refused as IME_MANGLED — never another card.
    @Test(arguments: InputMethod.allCases)
    func mangledCardsRepairOrRefuse(_ method: InputMethod) throws {
        var g = SeededGenerator(seed: method == .telex ? 1 : 2)
        var repaired = 0, refused = 0
        for _ in 0..<600 {
            let card = RandomCards.card(&g)
            let text = LegacyCodec.write(card)
            let mangled = method.type(text)
            guard mangled != text else { continue }
            do {
                let read = try LegacyCodec.read(mangled)
                #expect(read.card == card)
                #expect(read.text == text)
                #expect(read.repairedFrom != nil)
                repaired += 1
            } catch {
                #expect(error.reason == .inputMethodMangled, "\(error)")
                #expect(error.message(.vi).contains("tắt bộ gõ"))
                refused += 1
            }
        }
        #expect(repaired > 100)
        print("input method \(method): \(repaired) repaired, \(refused) refused as ambiguous")
    }
}
