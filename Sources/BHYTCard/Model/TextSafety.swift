/// What may appear in text a card shows to people (a name, an address, a place). Control
/// characters (C0, DEL, C1), bidirectional overrides and isolates (U+202E turns the rest of a
/// line around on screen), invisible formatting characters and line separators are never part
/// of a Vietnamese name or address: text with one is refused wherever a card is read.
package enum TextSafety {
    /// Whether a character must not appear in shown text.
    package static func isUnsafe(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x1F, 0x7F...0x9F: return true          // C0, DEL, C1 controls
        case 0x061C, 0x200B...0x200F, 0x2028...0x202E:      // ALM, zero-width, LRM/RLM, separators, embeddings/overrides
            return true
        case 0x2060...0x206F, 0xFEFF, 0xFFF9...0xFFFB:      // word joiner, isolates, invisible operators, BOM, annotations
            return true
        case 0xFFFD:                                        // the replacement character: bytes that were not UTF-8
            return true
        default: return false
        }
    }

    /// The first unsafe character in a text, if any.
    package static func firstUnsafe(in text: String) -> Unicode.Scalar? {
        // Printable ASCII, the usual case, needs no decoding.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return nil }
        return text.unicodeScalars.first(where: isUnsafe)
    }

    /// Why a character is refused, for the message (English, Vietnamese).
    package static func why(_ s: Unicode.Scalar) -> (en: String, vi: String) {
        if s.value == 0xFFFD {
            return ("U+FFFD, the mark of text that was not UTF-8 (a file saved as ANSI or Windows-1258): save it as UTF-8",
                    "U+FFFD, dấu hiệu văn bản không phải UTF-8 (tệp lưu dạng ANSI hoặc Windows-1258): hãy lưu lại dạng UTF-8")
        }
        return ("\(name(s)), a control or direction character", "ký tự điều khiển \(name(s))")
    }

    /// `U+202E`, for messages.
    package static func name(_ s: Unicode.Scalar) -> String {
        let hex = String(s.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
