/// A small open-addressing hash table from non-zero `UInt64` keys to values, for lookups in a
/// hot loop: a multiplicative hash and linear probing (Swift's `Dictionary` hashes every key
/// with SipHash, several times slower for integer keys). Grows to keep at most half full.
struct FlatTable<Value: Sendable>: Sendable {
    private var keys: [UInt64]
    private var values: [Value]
    private var shift: UInt64
    private let empty: Value
    /// How many keys the table holds.
    private(set) var count = 0

    /// An empty table; `empty` fills the free slots (never returned).
    init(empty: Value, capacity: Int = 1024) {
        let bits = max(4, Int.bitWidth - (max(capacity, 16) - 1).leadingZeroBitCount)
        keys = Array(repeating: 0, count: 1 << bits)
        values = Array(repeating: empty, count: 1 << bits)
        shift = UInt64(64 - bits)
        self.empty = empty
    }

    private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    /// The value for `key` (non-zero), if any.
    subscript(key: UInt64) -> Value? {
        var i = slot(key)
        let mask = keys.count - 1
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == 0 { return nil }
            i = (i + 1) & mask
        }
    }

    /// Sets the value for `key` (non-zero).
    mutating func insert(_ key: UInt64, _ value: Value) {
        precondition(key != 0)
        if (count + 1) * 2 > keys.count { grow() }
        var i = slot(key)
        let mask = keys.count - 1
        while keys[i] != 0 && keys[i] != key { i = (i + 1) & mask }
        if keys[i] == 0 { count += 1 }
        keys[i] = key
        values[i] = value
    }

    private mutating func grow() {
        var bigger = FlatTable(empty: empty, capacity: keys.count * 2)
        for (i, k) in keys.enumerated() where k != 0 { bigger.insert(k, values[i]) }
        self = bigger
    }
}
