/// Undoes the mangling a Vietnamese input method does to QR text typed by a
/// keyboard-wedge scanner, when exactly one repair is possible.
enum InputMethodRepair {
    /// How many key sequences one field may have before it is called ambiguous.
    static let candidateLimit = 512

    /// Repairs the mangled tokens. Succeeds when, over Telex and VNI together, exactly
    /// one repaired text makes every mangled field valid; throws `IME_MANGLED` otherwise.
    static func repair(_ tokens: [String]) throws(LegacyReadError) -> ([String], InputMethod) {
        var outcomes: [(tokens: [String], method: InputMethod)] = []
        var ambiguous = false
        // The first field each input method could not repair; the method that got
        // furthest is the likelier one, so its field is the one reported.
        var failedFields: [Int] = []
        modes: for method in InputMethod.allCases {
            var repaired = tokens
            for (i, token) in tokens.enumerated() where VietnameseLetter.occurs(in: token) {
                // The field index counts from the front; the `$` token is after the last field.
                let field = i < tokens.count - 1 || !(tokens.count == 15 || tokens.count == 17) ? i : -1
                guard let sequences = method.keySequences(producing: token, limit: candidateLimit) else {
                    ambiguous = true
                    failedFields.append(i)
                    continue modes
                }
                let valid = Set(sequences.filter { LegacyFieldParser.accepts($0, field: field) })
                guard valid.count == 1, let only = valid.first else {
                    if valid.count > 1 { ambiguous = true }
                    failedFields.append(i)
                    continue modes
                }
                repaired[i] = only
            }
            outcomes.append((repaired, method))
        }
        let distinct = Set(outcomes.map(\.tokens))
        if distinct.count > 1, let a = outcomes.first?.tokens, let b = outcomes.last?.tokens,
           let differs = a.indices.first(where: { a[$0] != b[$0] }) {
            failedFields.append(differs)
        }
        guard distinct.count == 1, let first = outcomes.first else {
            let why = ambiguous || distinct.count > 1 ? "more than one repair fits" : "no repair gives valid fields"
            let whyVi = ambiguous || distinct.count > 1 ? "có nhiều cách sửa" : "không cách sửa nào hợp lệ"
            throw LegacyReadError(.inputMethodMangled, field: failedFields.max(),
                                  en: "The text was changed by a Vietnamese input method (Unikey Telex/VNI) and \(why). Turn the input method off (switch to English, E) and scan again.",
                                  vi: "Chuỗi đã bị bộ gõ tiếng Việt (Unikey Telex/VNI) làm sai và \(whyVi). Hãy tắt bộ gõ (chuyển sang E) rồi quét lại.")
        }
        return (first.tokens, first.method)
    }
}
