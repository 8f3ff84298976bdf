/// A Vietnamese input method (bộ gõ) as Unikey runs it: what a keyboard-wedge
/// scanner's keystrokes turn into while it is on, and the way back.
///
/// The model covers the rules that act on adjacent keys, which is what mangles
/// QR text (hex, codes, dates): Telex `aa`→`â`, `ee`→`ê`, `oo`→`ô`, `aw`→`ă`,
/// `ow`→`ơ`, `uw`→`ư`, `dd`→`đ`, and a tone key `s f r x j` after a vowel;
/// VNI `6 8 7` for circumflex, breve and horn, `1`–`5` for the tones and `d9`→`đ`.
/// A modifier applies to the character just typed when that character can take
/// it (a vowel has one shape and one tone); otherwise the key is typed as itself.
/// Unikey's undo on a repeated modifier (`aaa`→`aa`) is not modelled: text mangled
/// that way cannot be told from plain text and is reported as malformed.
public enum InputMethod: String, Sendable, Hashable, CaseIterable, Codable {
    /// Telex (letters as modifiers).
    case telex
    /// VNI (digits as modifiers).
    case vni

    /// The text the input method produces when `keys` are typed with it on.
    package func type(_ keys: String) -> String {
        var out: [Character] = []
        for key in keys {
            if let last = out.last, let changed = apply(key, to: last) {
                out[out.count - 1] = changed
            } else {
                out.append(key)
            }
        }
        return String(out)
    }

    /// What typing `key` does to the character just produced: the changed character, or
    /// `nil` when the key is typed as itself.
    func apply(_ key: Character, to previous: Character) -> Character? {
        let letter: VietnameseLetter
        if let marked = VietnameseLetter.byCharacter[previous] {
            letter = marked
        } else if previous.isASCII, previous.isLetter {
            letter = VietnameseLetter(base: previous, shape: nil, tone: nil, stroke: false)
        } else {
            return nil
        }
        guard let action = action(for: key, on: letter) else { return nil }
        var result = letter
        switch action {
        case .shape(let s):
            guard !letter.stroke, letter.shape == nil, letter.allows(s) else { return nil }
            result.shape = s
        case .tone(let t):
            guard !letter.stroke, letter.isVowel, letter.tone == nil else { return nil }
            result.tone = t
        case .stroke:
            guard !letter.stroke, letter.shape == nil, letter.tone == nil, letter.base.lowercased() == "d" else { return nil }
            result.stroke = true
        }
        return result.character
    }

    private enum Action { case shape(VietnameseLetter.Shape), tone(VietnameseLetter.Tone), stroke }

    private func action(for key: Character, on letter: VietnameseLetter) -> Action? {
        let k = Character(key.lowercased())
        switch self {
        case .telex:
            if k == "d" { return .stroke }
            if k == "a" || k == "e" || k == "o" { return k == Character(letter.base.lowercased()) ? .shape(.circumflex) : nil }
            if k == "w" { return letter.base.lowercased() == "a" ? .shape(.breve) : .shape(.horn) }
            return ["s": .acute, "f": .grave, "r": .hook, "x": .tilde, "j": .dot][k].map(Action.tone)
        case .vni:
            switch k {
            case "1", "2", "3", "4", "5": return k.wholeNumberValue.flatMap(VietnameseLetter.Tone.init(rawValue:)).map(Action.tone)
            case "6": return .shape(.circumflex)
            case "7": return .shape(.horn)
            case "8": return .shape(.breve)
            case "9": return .stroke
            default: return nil
            }
        }
    }

    /// The keys for a shape or tone, in the case of the base letter.
    private func keys(for letter: VietnameseLetter) -> (shape: String?, tone: String?, stroke: String?) {
        let upper = letter.base.isUppercase
        func cased(_ s: String) -> String { upper ? s.uppercased() : s }
        switch self {
        case .telex:
            let shape = letter.shape.map { $0 == .circumflex ? String(letter.base) : cased("w") }
            let tone = letter.tone.map { cased(["s", "f", "r", "x", "j"][$0.rawValue - 1]) }
            return (shape, tone, letter.stroke ? String(letter.base) : nil)
        case .vni:
            let shape = letter.shape.map { s -> String in s == .circumflex ? "6" : s == .horn ? "7" : "8" }
            let tone = letter.tone.map { String($0.rawValue) }
            return (shape, tone, letter.stroke ? "9" : nil)
        }
    }

    /// The key sequences that make `ch` when typed on their own: one, or two for a letter with
    /// both a shape and a tone (either order). A character the method does not make is its own key.
    func keyOptions(for ch: Character) -> [String] {
        guard let letter = VietnameseLetter.byCharacter[ch] else { return [String(ch)] }
        let k = keys(for: letter)
        let base = String(letter.base)
        if let stroke = k.stroke { return [base + stroke] }
        if let s = k.shape, let t = k.tone { return [base + s + t, base + t + s] }
        return [base + (k.shape ?? k.tone ?? "")]
    }

    /// Whether typing `keys` right after `previous` appends exactly `ch` and leaves `previous` alone.
    /// Typing only ever changes the last character, so checking each character against the one
    /// before it is the same as checking that a whole key sequence types back to the whole text.
    func typesLocally(_ keys: String, after previous: Character?, giving ch: Character) -> Bool {
        var out: [Character] = previous.map { [$0] } ?? []
        for key in keys {
            if let last = out.last, let changed = apply(key, to: last) { out[out.count - 1] = changed } else { out.append(key) }
        }
        return out == (previous.map { [$0, ch] } ?? [ch])
    }

    /// Every key sequence this input method turns into `text`, or `nil` when more than
    /// `limit` sequences exist (for tests of the model; repair does not enumerate).
    package func keySequences(producing text: String, limit: Int = 256) -> [String]? {
        var results = [""]
        for ch in text {
            let options = keyOptions(for: ch)
            guard results.count * options.count <= limit else { return nil }
            results = results.flatMap { prefix in options.map { prefix + $0 } }
        }
        return results.filter { type($0) == text }
    }
}
