/// A legacy field's syntax as a small state machine over a token's bytes. Input-method
/// repair feeds it the key sequences that could have made each character, position by
/// position, and counts the ways that end accepted: the work is linear in the token,
/// however many sequences the token has.
protocol RepairAutomaton: Hashable {
    /// Takes one more byte; `false` when no valid token starts like this.
    mutating func feed(_ byte: UInt8) -> Bool
    /// Whether the bytes so far are a valid token.
    var accepts: Bool { get }
}

/// Hex text of UTF-8 (a name, an address, a place), or `-`/empty when the field is optional:
/// hex digits in pairs making valid UTF-8, with no character unsafe to show, and text shaped
/// like the field (``TextShape``): this is what tells the one true repair from the others.
struct HexTextAutomaton: RepairAutomaton {
    let required: Bool
    let shape: TextShape
    private var started = false
    private var dash = false
    /// The high nibble read, waiting for its low one (0xFF: none).
    private var nibble: UInt8 = 0xFF
    /// UTF-8: continuation bytes still expected, the scalar so far, and its smallest allowed value.
    private var need: UInt8 = 0
    private var scalar: UInt32 = 0
    private var minimum: UInt32 = 0
    /// What the last character was, for the shape's rules about neighbours.
    private var previous = TextShape.Class.start

    init(required: Bool, shape: TextShape) {
        self.required = required
        self.shape = shape
    }

    mutating func feed(_ b: UInt8) -> Bool {
        defer { started = true }
        if !started && b == UInt8(ascii: "-") { dash = true; return true }
        guard !dash, let v = Hex.value(b) else { return false }
        if nibble == 0xFF { nibble = v; return true }
        let byte = nibble << 4 | v
        nibble = 0xFF
        return feedByte(byte)
    }

    private mutating func feedByte(_ b: UInt8) -> Bool {
        if need == 0 {
            switch b {
            case 0x00...0x7F: return finish(UInt32(b))
            case 0xC2...0xDF: (need, scalar, minimum) = (1, UInt32(b & 0x1F), 0x80)
            case 0xE0...0xEF: (need, scalar, minimum) = (2, UInt32(b & 0x0F), 0x800)
            case 0xF0...0xF4: (need, scalar, minimum) = (3, UInt32(b & 0x07), 0x10000)
            default: return false
            }
            return true
        }
        guard b & 0xC0 == 0x80 else { return false }
        scalar = scalar << 6 | UInt32(b & 0x3F)
        need -= 1
        if need > 0 { return true }
        guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return false }
        return finish(scalar)
    }

    private mutating func finish(_ v: UInt32) -> Bool {
        (scalar, minimum) = (0, 0)
        guard let s = Unicode.Scalar(v), !TextSafety.isUnsafe(s), let next = shape.next(after: previous, s) else { return false }
        previous = next
        return true
    }

    var accepts: Bool {
        if !started || dash { return !required }
        return nibble == 0xFF && need == 0 && shape.mayEnd(after: previous)
    }
}

/// What the text of a name or a place looks like, to choose between input-method repairs
/// (never to refuse text that needed none): the letters of Vietnamese and Latin names,
/// spaces and a little punctuation; digits only in places, and never right after a
/// Vietnamese letter ("Q7", "P.12" and "Số 12", not "Ầ9"); `q` only before `u` in a name.
enum TextShape: Hashable {
    /// A person's name (họ tên, cha mẹ / người giám hộ).
    case name
    /// An address or an issuing place.
    case place

    enum Class: Hashable { case start, separator, asciiLetter, vietnameseLetter, mark, digit, q }

    /// The class of `s` if it may follow `previous`, else `nil`.
    func next(after previous: Class, _ s: Unicode.Scalar) -> Class? {
        if previous == .q, self == .name, s != "u", s != "U" { return nil }
        let v = s.value
        switch v {
        case 0x71, 0x51: return .q  // q Q
        case 0x41...0x5A, 0x61...0x7A: return .asciiLetter
        case 0x20, 0x27, 0x2D, 0x2E: return .separator  // space ' - .
        case 0x30...0x39:
            guard self == .place, previous != .vietnameseLetter, previous != .mark else { return nil }
            return .digit
        case 0x2C, 0x2F, 0x28, 0x29, 0x3A, 0x3B, 0x26, 0x23, 0x2B:  // , / ( ) : ; & # +
            return self == .place ? .separator : nil
        case 0xC0...0xFF where v != 0xD7 && v != 0xF7, 0x100...0x17F, 0x1A0, 0x1A1, 0x1AF, 0x1B0, 0x1EA0...0x1EF9:
            return .vietnameseLetter
        case 0x300, 0x301, 0x302, 0x303, 0x306, 0x309, 0x31B, 0x323:
            return previous == .asciiLetter || previous == .vietnameseLetter || previous == .mark || previous == .q ? .mark : nil
        default:
            return nil
        }
    }

    /// Whether the text may end after a character of this class.
    func mayEnd(after last: Class) -> Bool { !(self == .name && last == .q) }
}

/// The shape repair expects of a check string: hex digits, optionally `-` and digits; or
/// `-`/empty; at most 64 characters.
struct CheckStringAutomaton: RepairAutomaton {
    private enum Phase: Hashable { case start, hex, suffix, loneDash, dead }
    private var phase = Phase.start
    private var length = 0

    mutating func feed(_ b: UInt8) -> Bool {
        length += 1
        guard length <= 64 else { return false }
        switch phase {
        case .start: phase = Hex.isHexDigit(b) ? .hex : b == UInt8(ascii: "-") ? .loneDash : .dead
        case .hex: phase = Hex.isHexDigit(b) ? .hex : b == UInt8(ascii: "-") ? .suffix : .dead
        case .suffix: phase = isDigit(b) ? .suffix : .dead
        case .loneDash, .dead: phase = .dead
        }
        return phase != .dead
    }

    var accepts: Bool { phase != .dead }
}

/// A short field (code, date, sex, facility, numbers, one-digit codes, the `$`): its bytes
/// are kept (at most `limit`) and judged by the field's parser at the end. Short fields have
/// few marked letters, so the distinct states stay few.
struct ShortFieldAutomaton: RepairAutomaton {
    let field: Int
    let limit: Int
    private var bytes: [UInt8] = []

    init(field: Int, limit: Int = 24) {
        self.field = field
        self.limit = limit
    }

    mutating func feed(_ b: UInt8) -> Bool {
        guard bytes.count < limit else { return false }
        bytes.append(b)
        return true
    }

    var accepts: Bool { LegacyFieldParser.accepts(String(decoding: bytes, as: UTF8.self), field: field) }
}
