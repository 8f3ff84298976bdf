/// Writes JSON straight into a byte buffer, one value after another, with no tree in between:
/// the fast path for a verdict or a card a line. Members come out in the order they are
/// written; commas are placed for the caller. Compact (no spaces); non-ASCII text as UTF-8.
package struct JSONWriter: Sendable {
    /// The bytes written so far.
    package var bytes: [UInt8]
    /// Items written in each open container (a comma goes before every one after the first).
    private var counts: [Int] = []
    /// A member name was just written: its value follows without a comma.
    private var afterKey = false

    package init(capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    private mutating func item() {
        if afterKey { afterKey = false; return }
        guard let n = counts.last else { return }
        if n > 0 { bytes.append(UInt8(ascii: ",")) }
        counts[counts.count - 1] = n + 1
    }

    package mutating func beginObject() { item(); bytes.append(UInt8(ascii: "{")); counts.append(0) }
    package mutating func endObject() { counts.removeLast(); bytes.append(UInt8(ascii: "}")) }
    package mutating func beginArray() { item(); bytes.append(UInt8(ascii: "[")); counts.append(0) }
    package mutating func endArray() { counts.removeLast(); bytes.append(UInt8(ascii: "]")) }

    /// A member name; its value is the next thing written.
    package mutating func key(named name: String) {
        item()
        JSONWriter.appendString(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    /// A member name given as a literal (plain ASCII that needs no escaping: written as it is).
    package mutating func key(_ name: StaticString) {
        item()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        afterKey = true
    }

    package mutating func string(_ s: String) { item(); JSONWriter.appendString(s, to: &bytes) }
    package mutating func int(_ i: Int64) { item(); bytes.append(contentsOf: String(i).utf8) }
    package mutating func bool(_ b: Bool) { item(); bytes.append(contentsOf: (b ? "true" : "false").utf8) }
    package mutating func null() { item(); bytes.append(contentsOf: "null".utf8) }
    /// A string whose characters `body` appends directly (ASCII that needs no escaping: digits,
    /// dates, codes), with no String made in between.
    package mutating func asciiString(_ body: (inout [UInt8]) -> Void) {
        item()
        bytes.append(UInt8(ascii: "\""))
        body(&bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A string, or null for `nil`.
    package mutating func optional(_ s: String?) { if let s { string(s) } else { null() } }
    /// An integer, or null for `nil`.
    package mutating func optional(_ i: Int64?) { if let i { int(i) } else { null() } }
    /// A value already made as a tree (for the rare parts that are).
    package mutating func value(_ v: JSONValue) { item(); v.write(into: &bytes) }

    /// A member with a string (or null) value.
    package mutating func member(_ name: StaticString, _ s: String?) { key(name); optional(s) }
    /// A member with an integer (or null) value.
    package mutating func member(_ name: StaticString, _ i: Int64?) { key(name); optional(i) }

    /// Appends a JSON string literal (quotes and escapes) for `s`: controls as \u00XX, and
    /// U+2028/U+2029 escaped too (valid JSON, but line ends in JavaScript); C1 controls
    /// (U+0080–U+009F) and the bidirectional overrides and isolates (U+202A–U+202E,
    /// U+2066–U+2069) as \uXXXX, so JSON shown on a terminal or in a log viewer cannot
    /// steer it.
    package static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { u in
            var i = 0
            while i < u.count {
                let b = u[i]
                switch b {
                case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
                case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0x00..<0x20, 0x7F:
                    out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigit(b >> 4), hexDigit(b & 0xF)])
                case 0xC2 where i + 1 < u.count && (0x80...0x9F).contains(u[i + 1]):
                    out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigit(u[i + 1] >> 4), hexDigit(u[i + 1] & 0xF)])
                    i += 1
                case 0xE2 where i + 2 < u.count && ((u[i + 1] == 0x80 && (0xA8...0xAE).contains(u[i + 2]))
                                                    || (u[i + 1] == 0x81 && (0xA6...0xA9).contains(u[i + 2]))):
                    // U+2028…U+202E (E2 80 A8–AE) and U+2066…U+2069 (E2 81 A6–A9).
                    let scalar = 0x2000 | (UInt16(u[i + 1] & 0x3F) << 6) | UInt16(u[i + 2] & 0x3F)
                    out.append(contentsOf: [0x5C, UInt8(ascii: "u"), hexDigit(UInt8(scalar >> 12)), hexDigit(UInt8((scalar >> 8) & 0xF)),
                                            hexDigit(UInt8((scalar >> 4) & 0xF)), hexDigit(UInt8(scalar & 0xF))])
                    i += 2
                default: out.append(b)
                }
                i += 1
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 48 + v : 87 + v }
}

extension JSONValue {
    /// Compact JSON on one line (no spaces), members in order, non-ASCII text as UTF-8.
    package var serialized: String {
        var out: [UInt8] = []
        write(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func write(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d): out.append(contentsOf: (d.isFinite ? String(d) : "null").utf8)
        case .string(let s): JSONWriter.appendString(s, to: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, v) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                v.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, m) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.appendString(m.key, to: &out)
                out.append(UInt8(ascii: ":"))
                m.value.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
