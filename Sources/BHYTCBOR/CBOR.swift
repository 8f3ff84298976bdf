/// A CBOR data item (RFC 8949).
///
/// Maps keep their members in order as a list of pairs: the decoder rejects duplicate
/// keys, and the encoder writes keys sorted by their encoded bytes (core deterministic
/// encoding, RFC 8949 §4.2.1) whatever order they are given in.
package indirect enum CBOR: Sendable, Hashable {
    /// Major type 0: 0…2⁶⁴−1.
    case unsigned(UInt64)
    /// Major type 1: the value −1 − n.
    case negative(UInt64)
    /// Major type 2.
    case bytes([UInt8])
    /// Major type 3 (valid UTF-8).
    case text(String)
    /// Major type 4.
    case array([CBOR])
    /// Major type 5.
    case map([CBORPair])
    /// Major type 6: tag number and content.
    case tagged(UInt64, CBOR)
    /// `false`, `true`.
    case bool(Bool)
    case null
    case undefined
    /// Other simple values (0…19, 32…255).
    case simple(UInt8)
    /// Half, single or double precision, held as a Double.
    case float(Double)

    /// An integer as CBOR (major type 0 or 1).
    package static func int(_ v: Int64) -> CBOR {
        v >= 0 ? .unsigned(UInt64(v)) : .negative(UInt64(-(v + 1)))
    }

    /// The value as a 64-bit signed integer, if it is an integer in range.
    package var int64: Int64? {
        switch self {
        case .unsigned(let u): return u <= UInt64(Int64.max) ? Int64(u) : nil
        case .negative(let n): return n <= UInt64(Int64.max) ? -1 - Int64(n) : nil
        default: return nil
        }
    }

    package var bytesValue: [UInt8]? { if case .bytes(let b) = self { return b } else { return nil } }
    package var textValue: String? { if case .text(let t) = self { return t } else { return nil } }
    package var arrayValue: [CBOR]? { if case .array(let a) = self { return a } else { return nil } }
    package var mapValue: [CBORPair]? { if case .map(let m) = self { return m } else { return nil } }

    /// The value of the first member of a map whose key is `key`.
    package subscript(key: CBOR) -> CBOR? {
        mapValue?.first { $0.key == key }?.value
    }

    /// The value of the map member with integer key `key`.
    package subscript(intKey key: Int64) -> CBOR? { self[.int(key)] }
}

/// A map member.
package struct CBORPair: Sendable, Hashable {
    package let key: CBOR
    package let value: CBOR
    package init(_ key: CBOR, _ value: CBOR) {
        self.key = key
        self.value = value
    }
}

extension CBOR: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    package init(integerLiteral value: Int64) { self = .int(value) }
    package init(stringLiteral value: String) { self = .text(value) }
}
