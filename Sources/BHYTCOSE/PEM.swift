/// PEM armour (RFC 7468): `-----BEGIN LABEL-----`, base64, `-----END LABEL-----`.
package enum PEM {
    /// The DER bytes inside the first block labelled `label`, or `nil`.
    package static func decode(_ text: String, label: String) -> [UInt8]? {
        let begin = "-----BEGIN \(label)-----", end = "-----END \(label)-----"
        guard let b = text.range(of: begin), let e = text.range(of: end, range: b.upperBound..<text.endIndex) else { return nil }
        return Base64.decode(String(text[b.upperBound..<e.lowerBound]).filter { !$0.isWhitespace })
    }

    /// The labels of every block in a PEM text.
    package static func labels(in text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            let l = line.trimmingCharacters(inSet: " \r\t")
            guard l.hasPrefix("-----BEGIN "), l.hasSuffix("-----") else { return nil }
            return String(l.dropFirst(11).dropLast(5))
        }
    }

    /// A PEM block with 64-character lines.
    package static func encode(_ der: [UInt8], label: String) -> String {
        let b64 = Array(Base64.encode(der).utf8)
        var lines: [String] = ["-----BEGIN \(label)-----"]
        var i = 0
        while i < b64.count {
            lines.append(String(decoding: b64[i..<min(i + 64, b64.count)], as: UTF8.self))
            i += 64
        }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }
}

extension Substring {
    func trimmingCharacters(inSet set: String) -> Substring {
        var s = self
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return s
    }
}

extension String {
    func range(of needle: String, range: Range<String.Index>? = nil) -> Range<String.Index>? {
        let hay = range.map { self[$0] } ?? self[...]
        let n = Array(needle.utf8)
        guard !n.isEmpty else { return nil }
        var i = hay.startIndex
        while i < hay.endIndex {
            if hay[i...].utf8.starts(with: n) {
                let end = hay.utf8.index(i, offsetBy: n.count)
                return i..<end
            }
            i = hay.index(after: i)
        }
        return nil
    }
}

/// Base64 and base64url (RFC 4648), no Foundation.
package enum Base64 {
    static let std = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static let url = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    package static func encode(_ bytes: [UInt8], url: Bool = false, padded: Bool = true) -> String {
        let table = url ? Base64.url : std
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            var v = UInt32(bytes[i]) << 16
            if n > 1 { v |= UInt32(bytes[i + 1]) << 8 }
            if n > 2 { v |= UInt32(bytes[i + 2]) }
            for j in 0..<4 {
                if j <= n { out.append(table[Int((v >> UInt32(18 - 6 * j)) & 0x3F)]) } else if padded { out.append(61) }
            }
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes standard or URL-safe base64, padded or not; `nil` on any other character.
    package static func decode(_ text: String) -> [UInt8]? {
        var u = Array(text.utf8)
        while u.last == 61 { u.removeLast() }
        guard u.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        var acc: UInt32 = 0, bits = 0
        for c in u {
            let v: UInt32
            switch c {
            case 65...90: v = UInt32(c - 65)
            case 97...122: v = UInt32(c - 71)
            case 48...57: v = UInt32(c + 4)
            case 43, 45: v = 62
            case 47, 95: v = 63
            default: return nil
            }
            acc = acc << 6 | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((acc >> UInt32(bits)) & 0xFF))
            }
        }
        return out
    }
}
