import BHYTUTF8

/// Why CBOR bytes were refused, and where.
package struct CBORError: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Kind: String, Sendable, Hashable {
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
        /// A floating-point number where the reader refuses them.
        case floatNotAllowed
        /// An item of another type than the one read (typed reads of ``CBORReader``).
        case unexpectedType
    }

    package let kind: Kind
    /// Byte offset where the problem was found.
    package let offset: Int

    package var description: String { "CBOR \(kind.rawValue) at byte \(offset)" }

    package init(kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }
}

/// The rules CBOR input is read with: bounds on nesting and items, core deterministic
/// encoding, and whether floats are accepted. Decodes whole inputs as ``CBOR`` trees;
/// ``reader(_:)`` gives a cursor that reads typed values in place.
package struct CBORDecoder: Sendable {
    /// Deepest nesting of arrays, maps and tags.
    package var maximumDepth: Int
    /// Most data items in one input (bounds the work per input).
    package var maximumItems: Int
    /// Core deterministic encoding required: shortest heads, definite lengths, sorted keys.
    package var deterministic: Bool
    /// Whether half, single and double floats are accepted (a profile with only integers refuses them).
    package var allowFloats: Bool

    package init(maximumDepth: Int = 16, maximumItems: Int = 10_000, deterministic: Bool = true, allowFloats: Bool = true) {
        self.maximumDepth = maximumDepth
        self.maximumItems = maximumItems
        self.deterministic = deterministic
        self.allowFloats = allowFloats
    }

    /// Decodes exactly one item that fills the input.
    package func decode(_ bytes: [UInt8]) throws(CBORError) -> CBOR {
        var reader = CBORReader(bytes, options: self)
        let item = try reader.readItem()
        try reader.expectEnd()
        return item
    }

    /// A cursor over `bytes` with these rules.
    package func reader(_ bytes: [UInt8]) -> CBORReader { CBORReader(bytes, options: self) }
}

/// A cursor over CBOR bytes that reads items in place: typed values (an integer, a text,
/// a map's size) without building a tree, with the decoder's bounds and rules. Every read
/// either returns the value and moves past it, or throws where the bytes are wrong.
package struct CBORReader: Sendable {
    package let bytes: [UInt8]
    package let options: CBORDecoder
    /// Where the next item starts.
    package private(set) var offset = 0
    private var items = 0

    package init(_ bytes: [UInt8], options: CBORDecoder = CBORDecoder()) {
        self.bytes = bytes
        self.options = options
    }

    /// Whether every byte has been read.
    package var isAtEnd: Bool { offset == bytes.count }

    /// Throws `trailingBytes` unless every byte has been read.
    package func expectEnd() throws(CBORError) {
        guard isAtEnd else { throw CBORError(kind: .trailingBytes, offset: offset) }
    }

    private func fail(_ k: CBORError.Kind, at o: Int? = nil) -> CBORError { CBORError(kind: k, offset: o ?? offset) }

    // MARK: heads

    /// The major type of the next item, without reading it.
    package func peekMajorType() throws(CBORError) -> UInt8 {
        guard offset < bytes.count else { throw fail(.truncated) }
        return bytes[offset] >> 5
    }

    /// Reads one head: major type, and the argument (`nil` for an indefinite length).
    private mutating func head() throws(CBORError) -> (major: UInt8, argument: UInt64?, start: Int) {
        items += 1
        guard items <= options.maximumItems else { throw fail(.tooManyItems) }
        let start = offset
        guard offset < bytes.count else { throw fail(.truncated) }
        let initial = bytes[offset]
        offset += 1
        let major = initial >> 5, ai = initial & 0x1F
        if major == 7 { return (7, UInt64(ai), start) }
        let size: Int
        switch ai {
        case 0..<24: return (major, UInt64(ai), start)
        case 24: size = 1
        case 25: size = 2
        case 26: size = 4
        case 27: size = 8
        case 31:
            // Integers and tags have no indefinite form; strings and containers may, outside deterministic mode.
            if major == 0 || major == 1 || major == 6 { throw fail(.malformed, at: start) }
            if options.deterministic { throw fail(.indefiniteLength, at: start) }
            return (major, nil, start)
        default: throw fail(.malformed, at: start)
        }
        guard bytes.count - offset >= size else { throw fail(.truncated) }
        var v: UInt64 = 0
        for _ in 0..<size { v = v << 8 | UInt64(bytes[offset]); offset += 1 }
        if options.deterministic {
            let minimum: UInt64 = size == 1 ? 24 : size == 2 ? 0x100 : size == 4 ? 0x10000 : 0x1_0000_0000
            if v < minimum { throw fail(.nonShortestEncoding, at: start) }
        }
        return (major, v, start)
    }

    /// A head of one major type with a definite argument; `unexpectedType` (at the item) otherwise.
    private mutating func definiteHead(_ major: UInt8) throws(CBORError) -> (argument: UInt64, start: Int) {
        let saved = (offset, items)
        let h = try head()
        guard h.major == major, let arg = h.argument else {
            (offset, items) = saved
            throw fail(h.major == major ? .indefiniteLength : .unexpectedType, at: h.start)
        }
        return (arg, h.start)
    }

    // MARK: typed reads

    /// An integer (major type 0 or 1) that fits in 64 bits signed; no float, no tag.
    package mutating func readInt() throws(CBORError) -> Int64 {
        let saved = (offset, items)
        let h = try head()
        switch h.major {
        case 0:
            if let v = h.argument, v <= UInt64(Int64.max) { return Int64(v) }
        case 1:
            if let n = h.argument, n <= UInt64(Int64.max) { return -1 - Int64(n) }
        default: break
        }
        (offset, items) = saved
        throw fail(.unexpectedType, at: h.start)
    }

    /// A text string (valid UTF-8).
    package mutating func readText() throws(CBORError) -> String {
        let (length, start) = try definiteHead(3)
        let range = try take(length)
        guard let s = UTF8Text.string(bytes[range]) else { throw fail(.invalidUTF8, at: start) }
        return s
    }

    /// A byte string, copied.
    package mutating func readBytes() throws(CBORError) -> [UInt8] {
        let (length, _) = try definiteHead(2)
        return Array(bytes[try take(length)])
    }

    /// The number of members of a map; read each key and value after it.
    package mutating func readMapHeader() throws(CBORError) -> Int {
        let (count, start) = try definiteHead(5)
        // Each member takes at least two bytes: a count beyond the input is a lie.
        guard count <= UInt64(bytes.count - offset) / 2 else { throw fail(.lengthExceedsInput, at: start) }
        return Int(count)
    }

    /// The number of items of an array.
    package mutating func readArrayHeader() throws(CBORError) -> Int {
        let (count, start) = try definiteHead(4)
        guard count <= UInt64(bytes.count - offset) else { throw fail(.lengthExceedsInput, at: start) }
        return Int(count)
    }

    /// A tag number (the tagged item follows).
    package mutating func readTag() throws(CBORError) -> UInt64 { try definiteHead(6).argument }

    /// A map key, checked to come after `previous` in deterministic mode (bytewise order of the
    /// encodings; equal is a duplicate). Returns the key as an integer when it is one.
    package mutating func readMapKey(after previous: inout Range<Int>?) throws(CBORError) -> MapKey {
        let start = offset
        let key: MapKey
        if let m = try? peekMajorType(), m <= 1, let i = try? readInt() {
            key = .int(i)
        } else {
            try skip(depth: 1)
            key = .other
        }
        let range = start..<offset
        if options.deterministic, let p = previous, !bytes[p].lexicographicallyPrecedes(bytes[range]) {
            throw fail(bytes[p].elementsEqual(bytes[range]) ? .duplicateMapKey : .unsortedMapKeys, at: start)
        }
        previous = range
        return key
    }

    /// A map key as ``readMapKey(after:)`` reads it.
    package enum MapKey: Sendable, Hashable {
        case int(Int64)
        /// Any other key (skipped, validated).
        case other
    }

    /// Moves past one whole item, checking it as ``readItem()`` would (without building it,
    /// in deterministic mode).
    package mutating func skip() throws(CBORError) { try skip(depth: 0) }

    /// Checks that the rest of the input is exactly one well-formed item, without moving.
    package func validateAll() throws(CBORError) {
        var copy = self
        try copy.skip()
        try copy.expectEnd()
    }

    private mutating func skip(depth: Int) throws(CBORError) {
        // Duplicate keys in a non-deterministic map can only be found by comparing values: build it.
        guard options.deterministic else { _ = try item(depth: depth); return }
        let h = try head()
        switch h.major {
        case 0, 1: return
        case 2, 3:
            let range = try take(h.argument ?? 0)
            if h.major == 3, !UTF8Text.isValid(bytes[range]) { throw fail(.invalidUTF8, at: h.start) }
        case 4, 5:
            guard depth < options.maximumDepth else { throw fail(.tooDeep, at: h.start) }
            let count = h.argument ?? 0
            let perItem: UInt64 = h.major == 4 ? 1 : 2
            guard count <= UInt64(bytes.count - offset) / perItem else { throw fail(.lengthExceedsInput, at: h.start) }
            var previous: Range<Int>?
            for _ in 0..<count {
                if h.major == 5 {
                    let keyStart = offset
                    try skip(depth: depth + 1)
                    let key = keyStart..<offset
                    if let p = previous, !bytes[p].lexicographicallyPrecedes(bytes[key]) {
                        throw fail(bytes[p].elementsEqual(bytes[key]) ? .duplicateMapKey : .unsortedMapKeys, at: keyStart)
                    }
                    previous = key
                }
                try skip(depth: depth + 1)
            }
        case 6:
            guard depth < options.maximumDepth else { throw fail(.tooDeep, at: h.start) }
            try skip(depth: depth + 1)
        default:
            _ = try simpleOrFloat(UInt8(h.argument ?? 0), start: h.start)
        }
    }

    private mutating func take(_ length: UInt64) throws(CBORError) -> Range<Int> {
        guard length <= UInt64(bytes.count - offset) else { throw fail(.lengthExceedsInput) }
        let start = offset
        offset += Int(length)
        return start..<offset
    }

    // MARK: trees

    /// Reads one whole item as a tree.
    package mutating func readItem() throws(CBORError) -> CBOR { try item(depth: 0) }

    private mutating func item(depth: Int) throws(CBORError) -> CBOR {
        let h = try head()
        let start = h.start
        switch h.major {
        case 0: return .unsigned(h.argument ?? 0)
        case 1: return .negative(h.argument ?? 0)
        case 2, 3:
            var data: [UInt8]
            if let length = h.argument {
                data = Array(bytes[try take(length)])
            } else {
                data = []
                while try !atBreak() {
                    let chunk = try head()
                    guard chunk.major == h.major, let len = chunk.argument else { throw fail(.malformed, at: chunk.start) }
                    data += bytes[try take(len)]
                }
            }
            if h.major == 2 { return .bytes(data) }
            guard let s = String(validating: data, as: UTF8.self) else { throw fail(.invalidUTF8, at: start) }
            return .text(s)
        case 4:
            guard depth < options.maximumDepth else { throw fail(.tooDeep, at: start) }
            var a: [CBOR] = []
            if let count = h.argument {
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
            var previousKey: Range<Int>?
            func add(_ r: inout CBORReader) throws(CBORError) {
                let keyStart = r.offset
                let k = try r.item(depth: depth + 1)
                let keyRange = keyStart..<r.offset
                if r.options.deterministic, let p = previousKey, !r.bytes[p].lexicographicallyPrecedes(r.bytes[keyRange]) {
                    throw r.fail(r.bytes[p].elementsEqual(r.bytes[keyRange]) ? .duplicateMapKey : .unsortedMapKeys, at: keyStart)
                }
                previousKey = keyRange
                // In deterministic mode strictly increasing keys already exclude duplicates.
                if !r.options.deterministic, !keys.insert(k).inserted { throw r.fail(.duplicateMapKey, at: keyStart) }
                members.append(CBORPair(k, try r.item(depth: depth + 1)))
            }
            if let count = h.argument {
                guard count <= UInt64(bytes.count - offset) / 2 else { throw fail(.lengthExceedsInput, at: start) }
                for _ in 0..<count { try add(&self) }
            } else {
                while try !atBreak() { try add(&self) }
            }
            return .map(members)
        case 6:
            guard let tag = h.argument else { throw fail(.malformed, at: start) }
            guard depth < options.maximumDepth else { throw fail(.tooDeep, at: start) }
            return .tagged(tag, try item(depth: depth + 1))
        default:
            return try simpleOrFloat(UInt8(h.argument ?? 0), start: start)
        }
    }

    /// Consumes a break code if one is next (indefinite containers).
    private mutating func atBreak() throws(CBORError) -> Bool {
        guard offset < bytes.count else { throw fail(.truncated) }
        if bytes[offset] == 0xFF { offset += 1; return true }
        return false
    }

    private mutating func simpleOrFloat(_ ai: UInt8, start: Int) throws(CBORError) -> CBOR {
        let size = ai == 25 ? 2 : ai == 26 ? 4 : ai == 27 ? 8 : 0
        if size > 0 && !options.allowFloats { throw fail(.floatNotAllowed, at: start) }
        guard bytes.count - offset >= size else { throw fail(.truncated) }
        let value = try simpleOrFloatValue(ai, start: start)
        // A float must be in its one deterministic form: the shortest width that keeps the
        // value, and NaN only as f97e00 (RFC 8949 §4.2.2).
        if size > 0, options.deterministic, value.encoded != Array(bytes[start..<offset]) {
            throw fail(.nonShortestEncoding, at: start)
        }
        return value
    }

    private mutating func simpleOrFloatValue(_ ai: UInt8, start: Int) throws(CBORError) -> CBOR {
        switch ai {
        case 20: return .bool(false)
        case 21: return .bool(true)
        case 22: return .null
        case 23: return .undefined
        case 0..<20: return .simple(ai)
        case 24:
            guard offset < bytes.count else { throw fail(.truncated) }
            let v = bytes[offset]
            offset += 1
            guard v >= 32 else { throw fail(.malformed, at: start) }
            return .simple(v)
        case 25:
            let b = bytes[try take(2)]
            return .float(Float16Bits.decode(UInt16(b[b.startIndex]) << 8 | UInt16(b[b.startIndex + 1])))
        case 26:
            let b = bytes[try take(4)]
            return .float(Double(Float(bitPattern: b.reduce(0) { $0 << 8 | UInt32($1) })))
        case 27:
            let b = bytes[try take(8)]
            return .float(Double(bitPattern: b.reduce(0) { $0 << 8 | UInt64($1) }))
        default:
            throw fail(.malformed, at: start)  // 28–30 reserved, 31 break outside a container
        }
    }
}
