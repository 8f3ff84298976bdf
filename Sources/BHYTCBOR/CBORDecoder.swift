/// Why CBOR bytes were refused, and where.
public struct CBORError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The input ends inside an item.
        case truncated
        /// Bytes follow the top-level item.
        case trailingBytes
        /// A map has the same key twice.
        case duplicateMapKey
        /// A declared length is longer than what is left of the input.
        case lengthExceedsInput
        /// Arrays, maps and tags nested deeper than the bound.
        case tooDeep
        /// A head not in its shortest form (deterministic mode).
        case nonShortestEncoding
        /// An indefinite-length item (deterministic mode).
        case indefiniteLength
        /// Map keys not in bytewise order of their encodings (deterministic mode).
        case unsortedMapKeys
        /// A text string that is not valid UTF-8.
        case invalidUTF8
        /// Additional information 28–30, a break where none may be, a bad simple value,
        /// or a chunk of the wrong type inside an indefinite string.
        case malformed
        /// More items than the bound on items.
        case tooManyItems
    }

    public let kind: Kind
    /// Byte offset where the problem was found.
    public let offset: Int

    public var description: String { "CBOR \(kind.rawValue) at byte \(offset)" }

    public init(kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }
}

/// A strict CBOR decoder with bounds, for bytes that may be hostile.
public struct CBORDecoder: Sendable {
    /// Deepest nesting of arrays, maps and tags.
    public var maximumDepth: Int
    /// Most data items in one input (bounds the work per input).
    public var maximumItems: Int
    /// Core deterministic encoding required: shortest heads, definite lengths, sorted keys.
    public var deterministic: Bool

    public init(maximumDepth: Int = 16, maximumItems: Int = 10_000, deterministic: Bool = true) {
        self.maximumDepth = maximumDepth
        self.maximumItems = maximumItems
        self.deterministic = deterministic
    }

    /// Decodes exactly one item that fills the input.
    public func decode(_ bytes: [UInt8]) throws(CBORError) -> CBOR {
        var reader = Reader(bytes: bytes, options: self)
        let item = try reader.item(depth: 0)
        guard reader.offset == bytes.count else { throw CBORError(kind: .trailingBytes, offset: reader.offset) }
        return item
    }

    struct Reader {
        let bytes: [UInt8]
        let options: CBORDecoder
        var offset = 0
        var items = 0

        init(bytes: [UInt8], options: CBORDecoder) {
            self.bytes = bytes
            self.options = options
        }

        func fail(_ k: CBORError.Kind, at o: Int? = nil) -> CBORError { CBORError(kind: k, offset: o ?? offset) }

        mutating func byte() throws(CBORError) -> UInt8 {
            guard offset < bytes.count else { throw fail(.truncated) }
            defer { offset += 1 }
            return bytes[offset]
        }

        /// Reads the argument for additional information `ai`; `nil` for indefinite (31).
        mutating func argument(_ ai: UInt8, start: Int) throws(CBORError) -> UInt64? {
            let size: Int
            switch ai {
            case 0..<24: return UInt64(ai)
            case 24: size = 1
            case 25: size = 2
            case 26: size = 4
            case 27: size = 8
            case 31: return nil
            default: throw fail(.malformed, at: start)
            }
            guard bytes.count - offset >= size else { throw fail(.truncated) }
            var v: UInt64 = 0
            for _ in 0..<size { v = v << 8 | UInt64(bytes[offset]); offset += 1 }
            if options.deterministic {
                let minimum: UInt64 = size == 1 ? 24 : size == 2 ? 0x100 : size == 4 ? 0x10000 : 0x1_0000_0000
                if v < minimum { throw fail(.nonShortestEncoding, at: start) }
            }
            return v
        }

        mutating func take(_ length: UInt64) throws(CBORError) -> [UInt8] {
            guard length <= UInt64(bytes.count - offset) else { throw fail(.lengthExceedsInput) }
            let n = Int(length)
            defer { offset += n }
            return Array(bytes[offset..<(offset + n)])
        }

        mutating func item(depth: Int) throws(CBORError) -> CBOR {
            items += 1
            guard items <= options.maximumItems else { throw fail(.tooManyItems) }
            let start = offset
            let initial = try byte()
            let major = initial >> 5, ai = initial & 0x1F
            if major == 7 { return try simpleOrFloat(ai, start: start) }
            let arg = try argument(ai, start: start)
            if arg == nil {
                // Integers and tags have no indefinite form; strings and containers may, outside deterministic mode.
                if major == 0 || major == 1 || major == 6 { throw fail(.malformed, at: start) }
                if options.deterministic { throw fail(.indefiniteLength, at: start) }
            }
            switch major {
            case 0, 1:
                guard let v = arg else { throw fail(.malformed, at: start) }
                return major == 0 ? .unsigned(v) : .negative(v)
            case 2, 3:
                var data: [UInt8]
                if let length = arg {
                    data = try take(length)
                } else {
                    data = []
                    while true {
                        guard offset < bytes.count else { throw fail(.truncated) }
                        if bytes[offset] == 0xFF { offset += 1; break }
                        let chunkStart = offset
                        let b = try byte()
                        guard b >> 5 == major, let len = try argument(b & 0x1F, start: chunkStart) else { throw fail(.malformed, at: chunkStart) }
                        data += try take(len)
                    }
                }
                if major == 2 { return .bytes(data) }
                guard let s = String(validating: data, as: UTF8.self) else { throw fail(.invalidUTF8, at: start) }
                return .text(s)
            case 4:
                guard depth < options.maximumDepth else { throw fail(.tooDeep, at: start) }
                var a: [CBOR] = []
                if let count = arg {
                    // Each item takes at least one byte: a count beyond the input is a lie.
                    guard count <= UInt64(bytes.count - offset) else { throw fail(.lengthExceedsInput, at: start) }
                    a.reserveCapacity(Int(count))
                    for _ in 0..<count { a.append(try item(depth: depth + 1)) }
                } else {
                    while try !atBreak() { a.append(try item(depth: depth + 1)) }
                }
                return .array(a)
            case 5:
                guard depth < options.maximumDepth else { throw fail(.tooDeep, at: start) }
                var members: [CBORPair] = []
                var keys = Set<CBOR>()
                var previousKey: [UInt8]?
                func add(_ r: inout Reader) throws(CBORError) {
                    let keyStart = r.offset
                    let k = try r.item(depth: depth + 1)
                    let keyBytes = Array(r.bytes[keyStart..<r.offset])
                    if r.options.deterministic, let p = previousKey, !p.lexicographicallyPrecedes(keyBytes) {
                        throw r.fail(p == keyBytes ? .duplicateMapKey : .unsortedMapKeys, at: keyStart)
                    }
                    previousKey = keyBytes
                    // In deterministic mode strictly increasing keys already exclude duplicates.
                    if !r.options.deterministic, !keys.insert(k).inserted { throw r.fail(.duplicateMapKey, at: keyStart) }
                    members.append(CBORPair(k, try r.item(depth: depth + 1)))
                }
                if let count = arg {
                    guard count <= UInt64(bytes.count - offset) / 2 else { throw fail(.lengthExceedsInput, at: start) }
                    for _ in 0..<count { try add(&self) }
                } else {
                    while try !atBreak() { try add(&self) }
                }
                return .map(members)
            default:  // 6: tag
                guard let tag = arg else { throw fail(.malformed, at: start) }
                guard depth < options.maximumDepth else { throw fail(.tooDeep, at: start) }
                return .tagged(tag, try item(depth: depth + 1))
            }
        }

        /// Consumes a break code if one is next (indefinite containers).
        mutating func atBreak() throws(CBORError) -> Bool {
            guard offset < bytes.count else { throw fail(.truncated) }
            if bytes[offset] == 0xFF { offset += 1; return true }
            return false
        }

        mutating func simpleOrFloat(_ ai: UInt8, start: Int) throws(CBORError) -> CBOR {
            let size = ai == 25 ? 2 : ai == 26 ? 4 : ai == 27 ? 8 : 0
            guard bytes.count - offset >= size else { throw fail(.truncated) }
            if size > 0, options.deterministic {
                // A float must be in its one deterministic form: the shortest width that keeps the
                // value, and NaN only as f97e00 (RFC 8949 §4.2.2).
                let value = try simpleOrFloatValue(ai, start: start)
                guard value.encoded == Array(bytes[start..<offset]) else { throw fail(.nonShortestEncoding, at: start) }
                return value
            }
            return try simpleOrFloatValue(ai, start: start)
        }

        mutating func simpleOrFloatValue(_ ai: UInt8, start: Int) throws(CBORError) -> CBOR {
            switch ai {
            case 20: return .bool(false)
            case 21: return .bool(true)
            case 22: return .null
            case 23: return .undefined
            case 0..<20: return .simple(ai)
            case 24:
                let v = try byte()
                guard v >= 32 else { throw fail(.malformed, at: start) }
                return .simple(v)
            case 25:
                let b = try take(2)
                return .float(Float16Bits.decode(UInt16(b[0]) << 8 | UInt16(b[1])))
            case 26:
                let b = try take(4)
                return .float(Double(Float(bitPattern: b.reduce(0) { $0 << 8 | UInt32($1) })))
            case 27:
                let b = try take(8)
                return .float(Double(bitPattern: b.reduce(0) { $0 << 8 | UInt64($1) }))
            default:
                throw fail(.malformed, at: start)  // 28–30 reserved, 31 break outside a container
            }
        }
    }
}
