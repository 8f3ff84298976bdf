/// A JSON value with object members kept in order, so that output field order is
/// the documented one and stable from run to run.
package enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// An integer (JSON numbers without fraction or exponent that fit in 64 bits).
    case int(Int64)
    /// Any other number.
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// The member named `key` of an object (the first, if repeated), else `nil`.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    package var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    package var intValue: Int64? { if case .int(let i) = self { return i } else { return nil } }
    package var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    package var isNull: Bool { self == .null }

    /// An object from members in order.
    package static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(pairs.map { JSONMember($0.key, $0.value) })
    }

    /// A string, or null for `nil`.
    package static func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
}

/// One member of a JSON object.
package struct JSONMember: Sendable, Hashable {
    package let key: String
    package let value: JSONValue
    package init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}
