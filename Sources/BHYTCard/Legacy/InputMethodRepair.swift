/// Undoes the mangling a Vietnamese input method does to QR text typed by a
/// keyboard-wedge scanner, when exactly one repair is possible.
enum InputMethodRepair {
    /// How a token can be repaired under one input method.
    enum Outcome: Equatable {
        case none
        case one(String)
        case several
    }

    /// A repaired text: its tokens, the input method undone, and whether the check string was
    /// left out because more than one check string types to what was read.
    struct Repair {
        var tokens: [String]
        var method: InputMethod
        var checkStringLost: Bool
    }

    /// Repairs the mangled tokens. Succeeds when, over Telex and VNI together, exactly
    /// one repaired text makes every mangled field valid; throws `IME_MANGLED` otherwise.
    ///
    /// The check string (chuỗi kiểm tra) is opaque hex: nothing tells `a61` from `a16`, which VNI
    /// both types as `ấ`. When it is the only field with more than one reading, the card is
    /// repaired without it (`checkStringLost`): every other field is exact, and no check string
    /// is made up. It checks nothing offline, and an online lookup asks for the code, name and
    /// birth date.
    static func repair(_ tokens: [String]) throws(CardError) -> Repair {
        var outcomes: [Repair] = []
        var ambiguous = false
        // The first field each input method could not repair; the method that got
        // furthest is the likelier one, so its field is the one reported.
        var failedFields: [Int] = []
        modes: for method in InputMethod.allCases {
            var repaired = tokens
            var checkStringLost = false
            for (i, token) in tokens.enumerated() where VietnameseLetter.occurs(in: token) {
                // The field index counts from the front; the `$` token is after the last field.
                let field = i < tokens.count - 1 || !(tokens.count == 15 || tokens.count == 17) ? i : -1
                switch repairs(of: token, field: field, method: method) {
                case .one(let only):
                    repaired[i] = only
                case .several where field == LegacyField.checkString.rawValue:
                    repaired[i] = "-"
                    checkStringLost = true
                case .several:
                    ambiguous = true
                    failedFields.append(i)
                    continue modes
                case .none:
                    failedFields.append(i)
                    continue modes
                }
            }
            outcomes.append(Repair(tokens: repaired, method: method, checkStringLost: checkStringLost))
        }
        let distinct = Set(outcomes.map(\.tokens))
        if distinct.count > 1, let a = outcomes.first?.tokens, let b = outcomes.last?.tokens,
           let differs = a.indices.first(where: { a[$0] != b[$0] }) {
            failedFields.append(differs)
        }
        guard distinct.count == 1, let first = outcomes.first else {
            let why = ambiguous || distinct.count > 1 ? "more than one repair fits" : "no repair gives valid fields"
            let whyVi = ambiguous || distinct.count > 1 ? "có nhiều cách sửa" : "không cách sửa nào hợp lệ"
            throw CardError(.imeMangled, field: failedFields.max(),
                            en: "The text was changed by a Vietnamese input method (Unikey Telex/VNI) and \(why). Turn the input method off (switch to English, E) and scan again.",
                            vi: "Chuỗi đã bị bộ gõ tiếng Việt (Unikey Telex/VNI) làm sai và \(whyVi). Hãy tắt bộ gõ (chuyển sang E) rồi quét lại.")
        }
        return first
    }

    /// The repairs of one token for a field (index as in docs/FORMAT.md §1; -1 for the `$`).
    /// Surrounding spaces are kept as they are (no input method makes a space).
    static func repairs(of token: String, field: Int, method: InputMethod) -> Outcome {
        repairsAndWork(of: token, field: field, method: method).outcome
    }

    /// The repairs of a token, and how many automaton states were visited to find them (the
    /// work: linear in the token, at most a few states a character, whatever the token).
    package static func repairsAndWork(of token: String, field: Int, method: InputMethod) -> (outcome: Outcome, work: Int) {
        let chars = Array(token)
        var lo = 0, hi = chars.count
        while lo < hi, chars[lo] == " " { lo += 1 }
        while hi > lo, chars[hi - 1] == " " { hi -= 1 }
        let core = Array(chars[lo..<hi])
        let outcome: Outcome, work: Int
        switch LegacyField(rawValue: field) {
        case .fullName?: (outcome, work) = repairs(of: core, method: method, start: HexTextAutomaton(required: true, shape: .name))
        case .guardianName?: (outcome, work) = repairs(of: core, method: method, start: HexTextAutomaton(required: false, shape: .name))
        case .address?, .issuingPlace?: (outcome, work) = repairs(of: core, method: method, start: HexTextAutomaton(required: false, shape: .place))
        case .checkString?: (outcome, work) = repairs(of: core, method: method, start: CheckStringAutomaton())
        default: (outcome, work) = repairs(of: core, method: method, start: ShortFieldAutomaton(field: field))
        }
        guard case .one(let repaired) = outcome else { return (outcome, work) }
        return (.one(String(chars[..<lo]) + repaired + String(chars[hi...])), work)
    }

    /// Counts the key sequences that type `chars` and that the automaton accepts, position by
    /// position (paths that reach the same state are merged): 0, 1 (with that sequence), or more.
    static func repairs<A: RepairAutomaton>(of chars: [Character], method: InputMethod, start: A) -> (outcome: Outcome, work: Int) {
        var work = 0
        // One layer per character: the states reached, how many ways (capped at 2), and how.
        var states: [A] = [start]
        var counts: [UInt8] = [1]
        var back: [[(parent: Int32, option: UInt8)]] = []
        var choices: [[String]] = []
        back.reserveCapacity(chars.count)
        choices.reserveCapacity(chars.count)
        for (i, ch) in chars.enumerated() {
            let previous = i > 0 ? chars[i - 1] : nil
            let options = method.keyOptions(for: ch).filter { method.typesLocally($0, after: previous, giving: ch) }
            var nextStates: [A] = [], nextCounts: [UInt8] = [], nextBack: [(parent: Int32, option: UInt8)] = []
            var index: [A: Int] = [:]
            for (p, state) in states.enumerated() {
                for (o, option) in options.enumerated() {
                    var s = state
                    guard option.utf8.allSatisfy({ s.feed($0) }) else { continue }
                    if let j = index[s] {
                        nextCounts[j] = min(2, nextCounts[j] + counts[p])
                    } else {
                        index[s] = nextStates.count
                        nextStates.append(s)
                        nextCounts.append(counts[p])
                        nextBack.append((Int32(p), UInt8(o)))
                    }
                }
            }
            guard !nextStates.isEmpty else { return (.none, work) }
            work += nextStates.count
            (states, counts) = (nextStates, nextCounts)
            back.append(nextBack)
            choices.append(options)
        }
        let accepted = states.indices.filter { states[$0].accepts }
        let total = accepted.reduce(0) { $0 + Int(counts[$1]) }
        guard total == 1, var node = accepted.first else { return (total == 0 ? .none : .several, work) }
        // A single way to the end: every node on it has a single way in, so the first-recorded links are it.
        var pieces: [String] = []
        pieces.reserveCapacity(chars.count)
        for i in stride(from: chars.count - 1, through: 0, by: -1) {
            let link = back[i][node]
            pieces.append(choices[i][Int(link.option)])
            node = Int(link.parent)
        }
        return (.one(pieces.reversed().joined()), work)
    }
}
