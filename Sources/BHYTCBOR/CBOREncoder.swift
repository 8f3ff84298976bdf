extension CBOR {
    /// The item in core deterministic encoding (RFC 8949 §4.2.1): shortest heads,
    /// definite lengths, map keys sorted by their encoded bytes, floats in the shortest
    /// of half/single/double that keeps the value.
    package var encoded: [UInt8] {
        var out: [UInt8] = []
        encode(into: &out)
        return out
    }

    /// Appends the encoding to `out`.
    package func encode(into out: inout [UInt8]) {
        switch self {
        case .unsigned(let u): CBOR.head(0, u, into: &out)
        case .negative(let n): CBOR.head(1, n, into: &out)
        case .bytes(let b):
            CBOR.head(2, UInt64(b.count), into: &out)
            out.append(contentsOf: b)
        case .text(let t):
            CBOR.head(3, UInt64(t.utf8.count), into: &out)
            out.append(contentsOf: t.utf8)
        case .array(let a):
            CBOR.head(4, UInt64(a.count), into: &out)
            for item in a { item.encode(into: &out) }
        case .map(let members):
            CBOR.head(5, UInt64(members.count), into: &out)
            // Integer keys (the usual case) sort by (major type, argument) — the same order as their
            // shortest encodings — without encoding them first; already-sorted maps are written as they are.
            if let order = CBOR.integerKeyOrder(members) {
                for i in order {
                    members[i].key.encode(into: &out)
                    members[i].value.encode(into: &out)
                }
            } else {
                let sorted = members.map { (key: $0.key.encoded, value: $0.value) }
                    .sorted { $0.key.lexicographicallyPrecedes($1.key) }
                for m in sorted {
                    out.append(contentsOf: m.key)
                    m.value.encode(into: &out)
                }
            }
        case .tagged(let tag, let item):
            CBOR.head(6, tag, into: &out)
            item.encode(into: &out)
        case .bool(let b): out.append(b ? 0xF5 : 0xF4)
        case .null: out.append(0xF6)
        case .undefined: out.append(0xF7)
        case .simple(let v):
            if v < 24 { out.append(0xE0 | v) } else { out.append(contentsOf: [0xF8, v]) }
        case .float(let d): CBOR.encodeFloat(d, into: &out)
        }
    }

    /// The members' indices in deterministic order when every key is an integer; `nil` otherwise.
    static func integerKeyOrder(_ members: [CBORPair]) -> [Int]? {
        func sortKey(_ c: CBOR) -> (UInt8, UInt64)? {
            switch c {
            case .unsigned(let u): return (0, u)
            case .negative(let n): return (1, n)
            default: return nil
            }
        }
        var keys: [(UInt8, UInt64)] = []
        keys.reserveCapacity(members.count)
        var inOrder = true
        for m in members {
            guard let k = sortKey(m.key) else { return nil }
            if let last = keys.last, !(last < k) { inOrder = false }
            keys.append(k)
        }
        if inOrder { return Array(members.indices) }
        return members.indices.sorted { keys[$0] < keys[$1] }
    }

    /// A head (major type and argument) in its shortest form.
    package static func head(_ major: UInt8, _ value: UInt64, into out: inout [UInt8]) {
        let m = major << 5
        switch value {
        case 0..<24: out.append(m | UInt8(value))
        case 24...0xFF: out.append(contentsOf: [m | 24, UInt8(value)])
        case 0x100...0xFFFF: out.append(contentsOf: [m | 25, UInt8(value >> 8), UInt8(value & 0xFF)])
        case 0x10000...0xFFFF_FFFF:
            out.append(m | 26)
            for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8((value >> UInt64(shift)) & 0xFF)) }
        default:
            out.append(m | 27)
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8((value >> UInt64(shift)) & 0xFF)) }
        }
    }

    static func encodeFloat(_ d: Double, into out: inout [UInt8]) {
        if let half = Float16Bits.exact(d) {
            out.append(contentsOf: [0xF9, UInt8(half >> 8), UInt8(half & 0xFF)])
        } else if Double(Float(d)) == d || d.isNaN {
            let bits = Float(d).bitPattern
            out.append(0xFA)
            for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8((bits >> UInt32(shift)) & 0xFF)) }
        } else {
            let bits = d.bitPattern
            out.append(0xFB)
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8((bits >> UInt64(shift)) & 0xFF)) }
        }
    }
}

/// IEEE 754 half precision, by hand (no Float16 on every platform).
enum Float16Bits {
    /// The half-precision bits of `d` when it converts exactly, else `nil`.
    static func exact(_ d: Double) -> UInt16? {
        if d.isNaN { return 0x7E00 }
        if d.isInfinite { return d < 0 ? 0xFC00 : 0x7C00 }
        if d == 0 { return d.sign == .minus ? 0x8000 : 0 }
        let sign: UInt16 = d < 0 ? 0x8000 : 0
        let a = abs(d)
        // Normal halves: 2^-14 … 65504 with 10 fraction bits; subnormals: multiples of 2^-24.
        let e = a.exponent
        if e >= -14 && e <= 15 {
            let frac = a.significand - 1  // [0, 1)
            let scaled = frac * 1024
            guard scaled == scaled.rounded(.towardZero) else { return nil }
            return sign | UInt16(e + 15) << 10 | UInt16(scaled)
        }
        if e < -14 && e >= -24 {
            let m = a * 16_777_216  // 2^24
            guard m == m.rounded(.towardZero), m < 1024 else { return nil }
            return sign | UInt16(m)
        }
        return nil
    }

    static func decode(_ h: UInt16) -> Double {
        let sign: Double = h & 0x8000 != 0 ? -1 : 1
        let exp = Int((h >> 10) & 0x1F)
        let frac = Double(h & 0x3FF)
        switch exp {
        case 0: return sign * frac * 0x1p-24
        case 31: return frac == 0 ? sign * .infinity : .nan
        default: return sign * (1 + frac / 1024) * Double(sign: .plus, exponent: exp - 15, significand: 1)
        }
    }
}
