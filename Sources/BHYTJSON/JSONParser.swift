import BHYTUTF8

/// Why JSON text could not be parsed: where, and what was wrong.
package struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Byte offset in the input.
    package let offset: Int
    package let reason: String
    package var description: String { "JSON error at byte \(offset): \(reason)" }
}

/// A strict JSON parser (RFC 8259) with limits, for input that may be hostile:
/// bounded nesting and size, no trailing text, valid UTF-8 only.
package struct JSONParser {
    /// Deepest nesting of arrays and objects accepted.
    package static let maximumDepth = 64
    /// Largest input accepted, in bytes.
    package static let maximumSize = 64 << 20

    private let bytes: [UInt8]
    private var i = 0

    /// Parses one JSON text.
    package static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// Parses one JSON text from UTF-8 bytes.
    package static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        guard bytes.count <= maximumSize else { throw JSONParseError(offset: 0, reason: "input larger than \(maximumSize) bytes") }
        var p = JSONParser(bytes: bytes)
        // A UTF-8 byte-order mark (files saved by Windows tools) is ignored, as RFC 8259 §8.1 allows.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { p.i = 3 }
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == bytes.count else { throw JSONParseError(offset: p.i, reason: "text after the JSON value") }
        return v
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func fail(_ reason: String) -> JSONParseError { JSONParseError(offset: i, reason: reason) }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func literal(_ word: StaticString, _ v: JSONValue) throws(JSONParseError) -> JSONValue {
        let n = word.utf8CodeUnitCount
        let matches = i + n <= bytes.count && word.withUTF8Buffer { w in w.elementsEqual(bytes[i..<(i + n)]) }
        guard matches else { throw fail("unexpected text") }
        i += n
        return v
    }

    private mutating func value(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= JSONParser.maximumDepth else { throw fail("nested deeper than \(JSONParser.maximumDepth)") }
        guard i < bytes.count else { throw fail("unexpected end") }
        switch bytes[i] {
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "["):
            i += 1
            var items: [JSONValue] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard i < bytes.count else { throw fail("unterminated array") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                throw fail("expected , or ]")
            }
        case UInt8(ascii: "{"):
            i += 1
            var members: [JSONMember] = []
            // Duplicate member names are refused: parsers disagree on which one wins
            // (first here, last in Python and jq), and a list read two ways is a list forged once.
            // A few members are compared directly; a set takes over for large objects.
            var names = Set<String>()
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
                let keyStart = i
                let key = try string()
                let repeated: Bool
                if members.count < 32 {
                    repeated = members.contains { $0.key == key }
                } else {
                    if names.isEmpty { names = Set(members.map(\.key)) }
                    repeated = !names.insert(key).inserted
                }
                guard !repeated else {
                    throw JSONParseError(offset: keyStart, reason: "member \"\(key)\" appears twice in one object")
                }
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected :") }
                i += 1
                skipSpace()
                members.append(JSONMember(key, try value(depth: depth + 1)))
                skipSpace()
                guard i < bytes.count else { throw fail("unterminated object") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                throw fail("expected , or }")
            }
        default:
            return try number()
        }
    }

    private mutating func number() throws(JSONParseError) -> JSONValue {
        let start = i
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        var integral = true
        let digitsStart = i
        while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
        guard i > digitsStart else { throw fail("unexpected character") }
        guard !(bytes[digitsStart] == 48 && i - digitsStart > 1) else { throw fail("leading zero in a number") }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            integral = false
            i += 1
            let f = i
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
            guard i > f else { throw fail("digits expected after .") }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            integral = false
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            let e = i
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
            guard i > e else { throw fail("digits expected in the exponent") }
        }
        if integral, i - start <= 18 {
            // Up to 18 digits always fit in an Int64: no text in between.
            var v: Int64 = 0
            for b in bytes[digitsStart..<i] { v = v * 10 + Int64(b - 48) }
            return .int(bytes[start] == UInt8(ascii: "-") ? -v : v)
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        if integral, let v = Int64(text) { return .int(v) }
        guard let d = Double(text) else { throw fail("number out of range") }
        return .double(d)
    }

    private mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: throw fail("bad \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    private mutating func string() throws(JSONParseError) -> String {
        i += 1  // opening quote
        // Fast path: no escape before the closing quote — the bytes are the string.
        var j = i
        while j < bytes.count, bytes[j] != UInt8(ascii: "\""), bytes[j] != UInt8(ascii: "\\"), bytes[j] >= 0x20 { j += 1 }
        if j < bytes.count, bytes[j] == UInt8(ascii: "\"") {
            guard let s = UTF8Text.string(bytes[i..<j]) else { throw fail("invalid UTF-8 in a string") }
            i = j + 1
            return s
        }
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else { throw fail("unterminated string") }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { i += 1; break }
            if c < 0x20 { throw fail("control character in a string") }
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            i += 1
            guard i < bytes.count else { throw fail("unterminated escape") }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else { throw fail("lone surrogate") }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw fail("lone surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let u = Unicode.Scalar(scalar) else { throw fail("lone surrogate") }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default: throw fail("unknown escape")
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw fail("invalid UTF-8 in a string") }
        return s
    }
}
