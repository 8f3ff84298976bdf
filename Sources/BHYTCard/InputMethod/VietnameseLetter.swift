internal import Foundation

/// A Latin letter with the Vietnamese marks an input method adds: a shape
/// (circumflex, breve, horn) and a tone, or the letter đ.
struct VietnameseLetter: Hashable, Sendable {
    enum Shape: CaseIterable, Sendable { case circumflex, breve, horn }
    enum Tone: Int, CaseIterable, Sendable { case acute = 1, grave, hook, tilde, dot }

    /// The ASCII base letter, in its case (`a`, `E`, `d` for đ).
    var base: Character
    var shape: Shape?
    var tone: Tone?
    /// True for đ / Đ (base `d` / `D`).
    var stroke: Bool

    var isVowel: Bool { "aeiouyAEIOUY".contains(base) }

    func allows(_ s: Shape) -> Bool {
        switch (s, base.lowercased()) {
        case (.circumflex, "a"), (.circumflex, "e"), (.circumflex, "o"): return true
        case (.breve, "a"): return true
        case (.horn, "o"), (.horn, "u"): return true
        default: return false
        }
    }

    /// The precomposed character (NFC).
    var character: Character {
        if stroke { return base == "D" ? "\u{0110}" : "\u{0111}" }
        var s = String(base)
        switch shape {
        case .circumflex?: s += "\u{0302}"
        case .breve?: s += "\u{0306}"
        case .horn?: s += "\u{031B}"
        case nil: break
        }
        switch tone {
        case .acute?: s += "\u{0301}"
        case .grave?: s += "\u{0300}"
        case .hook?: s += "\u{0309}"
        case .tilde?: s += "\u{0303}"
        case .dot?: s += "\u{0323}"
        case nil: break
        }
        return Character(s.precomposedStringWithCanonicalMapping)
    }

    /// Whether a text holds a character an input method makes (a marked vowel, đ).
    static func occurs(in text: some StringProtocol) -> Bool { text.contains { byCharacter[$0] != nil } }

    /// Every marked letter an input method can produce, by its character.
    static let byCharacter: [Character: VietnameseLetter] = {
        var table: [Character: VietnameseLetter] = [:]
        for base in "aeiouyAEIOUY" {
            let plain = VietnameseLetter(base: base, shape: nil, tone: nil, stroke: false)
            for shape in [nil] + Shape.allCases.map(Optional.some) where shape.map(plain.allows) ?? true {
                for tone in [nil] + Tone.allCases.map(Optional.some) where shape != nil || tone != nil {
                    let letter = VietnameseLetter(base: base, shape: shape, tone: tone, stroke: false)
                    table[letter.character] = letter
                }
            }
        }
        for base: Character in ["d", "D"] {
            let letter = VietnameseLetter(base: base, shape: nil, tone: nil, stroke: true)
            table[letter.character] = letter
        }
        return table
    }()
}
