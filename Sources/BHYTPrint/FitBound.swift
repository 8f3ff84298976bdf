import NIOConcurrencyHelpers

/// A quick, sufficient test that a card lays out (for ``CardIssuer``, card after card), built
/// from each letter's extent measured once rather than from shaping every line.
///
/// A line's width is bounded above by the sum of its letters' widths, each measured alone (the
/// wider of advance and ink), plus what each pair of neighbours adds when shaped together (a
/// kerning pair that widens, "-J": measured once per pair) and a little slack; its ink above
/// and below the baseline is bounded by the tallest and deepest letter on the card. With these bounds, the text column taken as narrow
/// (beside the QR) all the way down, and the code and name given the height of their largest
/// size, the layout at the smallest size and gap can only be taller than the exact one:
///
/// - a row breaks into no fewer lines under the bounds than when shaped (line breaking takes
///   the fewest lines for any "this piece fits" test, and every piece that fits under the
///   bounds fits shaped), each line no shorter, at a width no wider;
/// - so each row starts no higher, and the last ends no lower, in the exact layout.
///
/// When the bounds fit, the exact layout fits at that size and gap (and so chooses a layout);
/// when they do not, ``CardLayout/checkFits(card:qrVersion:signed:language:facilityName:)``
/// decides with the exact layout. A test checks the bound against pango on random lines.
enum FitBound {
    /// Added per pair of neighbouring letters, in ems, for what pair kerning does not explain
    /// (shaping beyond pairs; rounding): a test checks the bound on random lines.
    static let slack = 0.002

    /// Letters' extents at size 1 by letter and weight, and how much wider each pair of letters
    /// is shaped together than apart (kerning that widens; 0 for most), each measured once.
    /// Readers share a snapshot without a lock; a card with letters or pairs not yet measured
    /// replaces it with a larger one. Bounded: started afresh when full.
    final class Extents: Sendable {
        let letters: FlatTable<LineMetrics>
        let pairs: FlatTable<Double>

        init(letters: FlatTable<LineMetrics> = FlatTable(empty: LineMetrics(width: 0, ascent: 0, descent: 0)),
             pairs: FlatTable<Double> = FlatTable(empty: 0)) {
            self.letters = letters
            self.pairs = pairs
        }
    }

    private static let current = NIOLockedValueBox(Extents())

    /// The table as it is now, without measuring anything: a letter or pair it lacks is an
    /// infinite width (and ink), so a bound from it can only say "does not surely fit"; it only
    /// ever holds letters that ``isPlain(_:)`` lets in.
    static var snapshot: Extents { current.withLockedValue { $0 } }
    private static let limit = 65536

    /// A letter (one Unicode scalar) in a weight.
    static func key(_ letter: UInt32, bold: Bool) -> UInt64 { UInt64(letter) << 1 | (bold ? 1 : 0) }
    /// Two neighbouring letters in one weight.
    static func key(_ first: UInt32, _ second: UInt32, bold: Bool) -> UInt64 {
        UInt64(first) << 22 | UInt64(second) << 1 | (bold ? 1 : 0)
    }

    /// Letters measured alone are letters shaped alone: Latin (with Vietnamese precomposed),
    /// punctuation and spaces. Combining marks (stacked differently over a capital), controls,
    /// joiners and bidirectional marks are not: a card holding one is laid out exactly.
    static func isPlain(_ v: UInt32) -> Bool {
        (0x20...0x7E).contains(v) || (0xA0...0x2FF).contains(v) || (0x1E00...0x1EFF).contains(v)
            || (0x2000...0x200A).contains(v) || (0x2010...0x2027).contains(v) || (0x2030...0x205E).contains(v)
    }

    /// Line breaking rejoins a row's words with a space, or an em space between pairs, in the
    /// weight of the run before it; letters of the same weight are shaped together across runs.
    static let gaps: [UInt32] = [0x20, 0x2003]

    /// The letters and pairs that lines made from `rows` can hold and `extents` lacks; `nil`
    /// when a row holds a letter that is not ``isPlain(_:)``.
    static func missing(_ rows: [[TextRun]], in extents: Extents) -> (letters: Set<UInt64>, pairs: Set<UInt64>)? {
        var letters = Set<UInt64>(), pairs = Set<UInt64>()
        func need(_ letter: UInt32, _ bold: Bool) {
            let k = key(letter, bold: bold)
            if extents.letters[k] == nil { letters.insert(k) }
        }
        func need(_ first: UInt32, _ second: UInt32, _ bold: Bool) {
            let k = key(first, second, bold: bold)
            if extents.pairs[k] == nil { pairs.insert(k) }
        }
        for row in rows {
            var previous: (letter: UInt32, bold: Bool)?
            for run in row {
                let bold = run.style.bold
                // A value's words meet the gaps at a letter (its spaces are where it breaks); a
                // label is one token, its own spaces included: both ends of both kinds.
                var first: UInt32?, last: UInt32?, firstLetter: UInt32?, lastLetter: UInt32?
                for scalar in run.text.unicodeScalars {
                    let v = scalar.value
                    guard isPlain(v) else { return nil }
                    need(v, bold)
                    if let previous, previous.bold == bold { need(previous.letter, v, bold) }
                    previous = (v, bold)
                    if first == nil { first = v }
                    last = v
                    if v != 0x20 {
                        if firstLetter == nil { firstLetter = v }
                        lastLetter = v
                    }
                }
                for gap in gaps {
                    need(gap, bold)
                    for end in [last, lastLetter].compactMap({ $0 }) { need(end, gap, bold) }
                    for start in [first, firstLetter].compactMap({ $0 }) { need(gap, start, bold) }
                    // Gaps meet where a label has no value.
                    for other in gaps { need(gap, other, bold) }
                }
            }
        }
        return (letters, pairs)
    }

    /// The extents of every letter and pair that lines made from `rows` can hold (their words
    /// rejoined by ``gaps``); `nil` when a row holds a letter that is not ``isPlain(_:)``.
    static func extents(of rows: [[TextRun]]) -> Extents? {
        let snapshot = current.withLockedValue { $0 }
        guard let wanted = missing(rows, in: snapshot) else { return nil }
        if wanted.letters.isEmpty && wanted.pairs.isEmpty { return snapshot }
        return current.withLockedValue { current in
            var letters = current.letters, pairs = current.pairs
            if letters.count + pairs.count + wanted.letters.count + wanted.pairs.count > limit { (letters, pairs) = (Extents().letters, Extents().pairs) }
            // What is missing from the table as it is now (another card may have added some, or
            // the table started afresh).
            let now = Extents(letters: letters, pairs: pairs)
            guard let missing = FitBound.missing(rows, in: now) else { return now }
            RenderLock.run {
                let text = Measurer.shared.text
                func letter(_ k: UInt64) -> LineMetrics {
                    if let m = letters[k] { return m }
                    let m = text.metrics([TextRun(String(Character(Unicode.Scalar(UInt32(k >> 1))!)), k & 1 == 1 ? .strong : .value)])
                    letters.insert(k, m)
                    return m
                }
                for k in missing.letters { _ = letter(k) }
                for k in missing.pairs where pairs[k] == nil {
                    let bold = k & 1 == 1
                    let first = UInt32(k >> 22), second = UInt32((k >> 1) & 0x1F_FFFF)
                    let apart = letter(key(first, bold: bold)).width + letter(key(second, bold: bold)).width
                    let shaped = String(String.UnicodeScalarView([Unicode.Scalar(first)!, Unicode.Scalar(second)!]))
                    pairs.insert(k, max(0, text.metrics([TextRun(shaped, bold ? .strong : .value)]).width - apart))
                }
            }
            current = Extents(letters: letters, pairs: pairs)
            return current
        }
    }

    /// The bound on a line's extent: its letters' widths, each pair's excess and ``slack``
    /// summed; and the card's tallest and deepest ink (`ascent`, `descent`) whatever the line holds.
    static func measure(_ extents: Extents, ascent: Double, descent: Double) -> CardLayout.Metrics {
        { line in
            var sum = Sum(extents)
            for run in line { sum.add(run.text.unicodeScalars[...], bold: run.style.bold) }
            let width = sum.width
            return LineMetrics(width: width, ascent: ascent, descent: descent)
        }
    }

    /// Sums a line's bound letter by letter (see ``measure(_:ascent:descent:)``).
    struct Sum {
        let extents: Extents
        var width = 0.0
        var previous: (letter: UInt32, bold: Bool)?

        init(_ extents: Extents) { self.extents = extents }

        mutating func add(_ v: UInt32, bold: Bool) {
            width += extents.letters[key(v, bold: bold)]?.width ?? .infinity
            if let previous {
                // A change of weight is a change of font: nothing is kerned across it.
                let excess = previous.bold == bold ? extents.pairs[key(previous.letter, v, bold: bold)] : 0
                width += (excess ?? .infinity) + slack
            }
            previous = (v, bold)
        }

        mutating func add(_ text: Substring.UnicodeScalarView, bold: Bool) {
            for scalar in text { add(scalar.value, bold: bold) }
        }
    }

    /// The bound on the width of a row's text on one line, as ``TextFit`` joins it (words
    /// rejoined by a space, labelled pairs by an em space, each gap in the weight of the text
    /// before it), without building the line: the same as measuring `TextFit.line` of all its
    /// units (a test checks both agree).
    static func oneLineWidth(_ runs: [TextRun], _ extents: Extents) -> Double {
        var sum = Sum(extents)
        var emitted = false
        var lastBold = false
        var pendingLabel: (text: String, gap: UInt32?)?
        var firstOfRun = true
        /// Starts a token: the gap before it (none at the line's start), in the weight before it.
        func start(gap: UInt32?, bold: Bool) {
            if emitted, let gap { sum.add(gap, bold: lastBold) }
            emitted = true
            lastBold = bold
        }
        func label(_ label: (text: String, gap: UInt32?)) {
            start(gap: label.gap, bold: false)
            for scalar in label.text.unicodeScalars { sum.add(scalar.value, bold: false) }
        }
        for run in runs {
            let pairGap: UInt32? = !emitted && pendingLabel == nil ? nil : 0x2003
            if run.style == .label {
                pendingLabel = (run.text, pairGap)
                firstOfRun = true
                continue
            }
            let bold = run.style.bold
            var inWord = false, firstWord = true
            for scalar in run.text.unicodeScalars {
                let v = scalar.value
                if v == 0x20 {
                    if inWord { inWord = false; firstWord = false }
                    continue
                }
                if !inWord {
                    if firstWord, let pending = pendingLabel {
                        label(pending)
                        pendingLabel = nil
                        start(gap: 0x20, bold: bold)
                    } else {
                        start(gap: firstWord ? (firstOfRun ? pairGap : 0x20) : 0x20, bold: bold)
                    }
                    inWord = true
                }
                sum.add(v, bold: bold)
            }
            if let pending = pendingLabel {
                label(pending)
                pendingLabel = nil
            }
            firstOfRun = false
        }
        if let pending = pendingLabel { label(pending) }
        return sum.width
    }

    /// The tallest and deepest ink of the letters in `rows`.
    static func ink(of rows: [[TextRun]], in extents: Extents) -> (ascent: Double, descent: Double) {
        var ascent = 0.0, descent = 0.0
        for row in rows {
            for run in row {
                let bold = run.style.bold
                for scalar in run.text.unicodeScalars {
                    guard let m = extents.letters[key(scalar.value, bold: bold)] else { return (.infinity, .infinity) }
                    ascent = max(ascent, m.ascent)
                    descent = max(descent, m.descent)
                }
            }
        }
        return (ascent, descent)
    }
}

extension CardLayout {
    /// Whether the card surely fits, by ``FitBound``'s bounds: `true` only when the exact layout
    /// fits; `false` says nothing (the exact layout decides).
    static func surelyFits(_ fields: CardFields, qrVersion: Int) -> Bool {
        let texts = FitTexts(fields)
        guard let extents = FitBound.extents(of: texts.all) else { return false }
        return surelyFits(texts, qrVersion: qrVersion, extents: extents, ink: FitBound.ink(of: texts.all, in: extents))
    }

    /// The texts a card's front lays out in one language, gathered once.
    struct FitTexts {
        let head: [CardRow]
        let rows: [CardRow]
        let all: [[TextRun]]

        init(_ fields: CardFields) {
            head = [fields.code, fields.name]
            rows = fields.rows
            all = head.map(\.runs) + rows.map(\.runs) + [[TextRun(fields.nameLabel, .label)]]
        }
    }

    /// ``surelyFits(_:qrVersion:)`` with the letters' extents and the tallest and deepest
    /// ink already found (from these texts, or more).
    static func surelyFits(_ texts: FitTexts, qrVersion: Int, extents: FitBound.Extents, ink: (ascent: Double, descent: Double)) -> Bool {
        guard let placement = QRPlacement(modules: 17 + 4 * qrVersion, maxSide: qrMaxSide) else { return false }
        let head = texts.head, rows = texts.rows
        let ascent = max(ink.ascent, minimumAscent), descent = max(ink.descent, minimumDescent)
        let measure = FitBound.measure(extents, ascent: ascent, descent: descent)
        // The layout's own column: beside the QR, `narrow` wide (taken all the way down here).
        let narrow = QRPlacement.snap(width - qrMargin - placement.side) - 1.2 - margin
        let lineHeight = ascent + descent
        /// How many lines the row takes under the bounds, at most, at sizes down to `smallest`:
        /// one when its whole text fits at the smallest size it may take on one line (the
        /// layout then finds one line too), else as line breaking under the bounds finds.
        func lines(_ row: CardRow, largest: Double, smallest: Double) -> Int? {
            let oneLineSmallest = row.maxLines == 1 ? smallest : max(smallest, largest - row.shrinkBeforeWrap)
            if FitBound.oneLineWidth(row.runs, extents) * oneLineSmallest <= narrow { return 1 }
            // Balancing two lines chooses where to break, not how many lines: left out here.
            return TextFit.fit(row.runs, width: narrow, largest: largest, smallest: smallest, maxLines: row.maxLines,
                               shrinkBeforeWrap: row.shrinkBeforeWrap, balance: false, measure: { measure($0).width })?.lines.count
        }
        // The code, the name's label and the name, each line as tall as at the row's largest size.
        var y = bandBottom + 1.0
        for (index, row) in head.enumerated() {
            guard let count = lines(row, largest: row.largest, smallest: row.smallest).map(Double.init) else { return false }
            y += count * lineHeight * row.largest + max(count - 1, 0) * inkGap
            if index == 0 { y += 0.5 + lineHeight * 1.7 + inkGap }  // the name's label, then the name
        }
        // The rows at the smallest size and gap: the layout tries that pair, so it fits there.
        guard let size = rowSizes.last, let gap = rowGaps.last else { return false }
        for row in rows {
            guard let count = lines(row, largest: size, smallest: size).map(Double.init) else { return false }
            y += gap + count * lineHeight * size + max(count - 1, 0) * inkGap
        }
        return y <= textBottom
    }
}
