/// How a piece of card text looks: a label (nhãn, grey), a value (giá trị, black), a strong
/// value (bold), the name (họ tên, bold), or the title in the coloured band (white, bold).
package enum TextStyle: Sendable, Hashable {
    case label, value, strong, title
}

/// A run of text in one style.
package struct TextRun: Sendable, Hashable {
    package var text: String
    package var style: TextStyle

    package init(_ text: String, _ style: TextStyle) {
        self.text = text
        self.style = style
    }
}

/// A line's extent at size 1 (multiply by the em size): its width, and how far its ink reaches
/// above the baseline (marks stacked over capitals: Ễ, Ấ) and below it (descenders, the dot in Ộ).
package struct LineMetrics: Sendable, Hashable {
    package var width: Double
    package var ascent: Double
    package var descent: Double

    package init(width: Double, ascent: Double, descent: Double) {
        self.width = width
        self.ascent = ascent
        self.descent = descent
    }
}

/// Text fitted into a box: the font size (millimetres, the em size) and the lines, each a
/// list of styled runs.
package struct FittedText: Sendable, Hashable {
    package let size: Double
    package let lines: [[TextRun]]
}

/// Fitting text into a width, broken at spaces (never inside a word), at sizes from the largest
/// down to the smallest in 0.1 mm steps: on one line, shrinking by at most `shrinkBeforeWrap`
/// mm; then on two lines, and so on; on the last allowed line count, down to the smallest size.
/// A name shrinks all the way before it takes a second line; other fields shrink a little (so
/// that "Đà Nẵng" does not lose a word to a second line) and then wrap. Text that does not fit
/// even then is not cut: the answer is `nil`.
///
/// A label and the first word after it stay on the same line; pairs (label, value) on one row
/// are separated by an em space.
package enum TextFit {
    /// The width of a line at size 1 (widths scale with the size: hinting is off).
    package typealias Measure = ([TextRun]) -> Double

    /// A piece that a line break cannot split: a label with the following word, or one word.
    struct Unit {
        var tokens: [(text: String, style: TextStyle, gap: String)]
    }

    /// The rows' tokens: every value split at spaces; a label is one token glued to the next.
    static func units(_ runs: [TextRun]) -> [Unit] {
        var units: [Unit] = []
        var pendingLabel: (String, TextStyle, String)?
        var firstOfRun = true
        for run in runs {
            let pairGap = units.isEmpty && pendingLabel == nil ? "" : "\u{2003}"
            if run.style == .label {
                pendingLabel = (run.text, .label, pairGap)
                firstOfRun = true
                continue
            }
            for (i, word) in run.text.split(separator: " ").enumerated() {
                let gap: String
                if i == 0 { gap = pendingLabel != nil ? " " : (firstOfRun ? pairGap : " ") } else { gap = " " }
                if i == 0, let label = pendingLabel {
                    units.append(Unit(tokens: [label, (String(word), run.style, gap)]))
                    pendingLabel = nil
                } else {
                    units.append(Unit(tokens: [(String(word), run.style, gap)]))
                }
            }
            if let label = pendingLabel {  // a label with an empty value
                units.append(Unit(tokens: [label]))
                pendingLabel = nil
            }
            firstOfRun = false
        }
        if let label = pendingLabel { units.append(Unit(tokens: [label])) }
        return units
    }

    /// The runs of one line: tokens of the same style merged; a gap goes to the run before it
    /// (so a label's colour starts at its first letter); no gap at the start.
    static func line(_ units: ArraySlice<Unit>) -> [TextRun] {
        var runs: [TextRun] = []
        for token in units.flatMap(\.tokens) {
            if !runs.isEmpty { runs[runs.count - 1].text += token.gap }
            if let last = runs.last, last.style == token.style {
                runs[runs.count - 1].text += token.text
            } else {
                runs.append(TextRun(token.text, token.style))
            }
        }
        return runs
    }

    /// Line breaking at `size`; `nil` when a unit alone is wider than `width` or more than
    /// `maxLines` lines would be needed. Greedy (for prose), except that with `balance` text on
    /// two lines is split where it reads best (see ``balanced``).
    static func breakLines(_ units: [Unit], size: Double, width: Double, maxLines: Int, balance: Bool = true,
                           measure: Measure) -> [[TextRun]]? {
        var lines: [[TextRun]] = []
        var start = 0
        var end = 0
        while end < units.count {
            let candidate = line(units[start...end])
            if measure(candidate) * size <= width {
                end += 1
                continue
            }
            if end == start { return nil }
            lines.append(line(units[start..<end]))
            if lines.count >= maxLines { return nil }
            start = end
        }
        if start < units.count { lines.append(line(units[start..<units.count])) }
        guard lines.count <= maxLines else { return nil }
        return balance && lines.count == 2 ? balanced(units, size: size, width: width, measure: measure) ?? lines : lines
    }

    /// The best split of `units` into two lines that both fit (see ``breakLines``), ranked:
    /// between two labelled pairs; after a comma (so "Đà Nẵng" stays whole); the first line no
    /// shorter than the second; the longer line shortest.
    static func balanced(_ units: [Unit], size: Double, width: Double, measure: Measure) -> [[TextRun]]? {
        var best: (rank: [Double], split: Int)?
        for split in 1..<units.count {
            let a = measure(line(units[..<split])) * size, b = measure(line(units[split...])) * size
            guard a <= width, b <= width else { continue }
            let pair = units[split].tokens.first?.style == .label
            let comma = units[split - 1].tokens.last?.text.last == ","
            let rank: [Double] = [pair ? 1 : 0, comma ? 1 : 0, a >= b ? 1 : 0, -max(a, b)]
            if let current = best, !current.rank.lexicographicallyPrecedes(rank) { continue }
            best = (rank, split)
        }
        guard let best else { return nil }
        return [line(units[..<best.split]), line(units[best.split...])]
    }

    /// The text on the fewest lines, at the largest size that fits `width` (see ``TextFit``);
    /// `nil` when it cannot fit uncut.
    package static func fit(_ runs: [TextRun], width: Double, largest: Double, smallest: Double, maxLines: Int,
                            shrinkBeforeWrap: Double = .infinity, balance: Bool = true, measure: Measure) -> FittedText? {
        let units = units(runs)
        guard !units.isEmpty else { return FittedText(size: largest, lines: []) }
        // The whole text on one line, measured once: where it fits, that is the answer (line
        // breaking would keep every unit on the first line).
        let whole = line(units[...])
        let wholeWidth = measure(whole)
        for lineCount in 1...max(1, maxLines) {
            let lowest = lineCount == max(1, maxLines) ? smallest : max(smallest, largest - shrinkBeforeWrap)
            let steps = max(0, Int(((largest - lowest) * 10 + 1e-9).rounded(.down)))
            for step in 0...steps {
                let size = largest - Double(step) / 10
                if wholeWidth * size <= width { return FittedText(size: size, lines: [whole]) }
                if lineCount == 1 { continue }
                if let lines = breakLines(units, size: size, width: width, maxLines: lineCount, balance: balance, measure: measure) {
                    return FittedText(size: size, lines: lines)
                }
            }
        }
        return nil
    }
}
