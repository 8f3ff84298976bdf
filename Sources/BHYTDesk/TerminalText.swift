import BHYTCard

/// Text shown on a terminal (màn hình dòng lệnh), made safe: whatever came from input — a
/// card's claims, a file name, a list's `kid`, the detail of a finding — is shown as text and
/// can never act on the terminal. Every human output of the command line goes through here.
///
/// Escaped, as `\u{XX}`: the C0 controls (ESC, BEL, CR, backspace, …), DEL, the C1 controls
/// (U+0080–U+009F: a lone CSI is a whole escape sequence to some terminals), the bidirectional
/// marks, overrides and isolates (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069:
/// they reorder what is shown), the line and paragraph separators U+2028, U+2029, and
/// invisible formatting characters — the set ``TextSafety`` keeps out of card text. A
/// forged card cannot clear the screen, paint a green "VALID", set the window title or write
/// the clipboard (OSC 52).
package enum TerminalText {
    /// One line of text with every control escaped, line breaks included: for a line built
    /// from input (a verdict's line, a field's value).
    package static func line(_ s: String) -> String { escape(s, keepingNewlines: false) }

    /// A message of one or more lines: every control escaped except the line feeds between
    /// lines (a CR LF becomes a line feed).
    package static func message(_ s: String) -> String { escape(s, keepingNewlines: true) }

    /// Lines, each escaped whole, joined with line feeds.
    package static func lines(_ lines: [String]) -> String { lines.map(line).joined(separator: "\n") }

    private static func escape(_ s: String, keepingNewlines: Bool) -> String {
        // Escaped: what ``TextSafety`` keeps out of a card's shown text (controls, direction
        // marks, invisible formatting, U+FFFD).
        guard s.unicodeScalars.contains(where: TextSafety.isUnsafe) else { return s }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if keepingNewlines, v == 0x0A { out.append(scalar); continue }
            if keepingNewlines, v == 0x0D { continue }  // CR LF → LF; a lone CR is dropped, never a carriage return
            guard TextSafety.isUnsafe(scalar) else { out.append(scalar); continue }
            let hex = String(v, radix: 16, uppercase: true)
            out.append(contentsOf: "\\u{\(hex.count < 2 ? "0" + hex : hex)}".unicodeScalars)
        }
        return String(out)
    }
}
