func hex(_ s: String) -> [UInt8] {
    let u = Array(s.utf8).filter { $0 != 32 && $0 != 10 }
    var out: [UInt8] = []
    var i = 0
    while i + 1 < u.count {
        let hi = u[i] <= 57 ? u[i] - 48 : (u[i] | 32) - 87
        let lo = u[i + 1] <= 57 ? u[i + 1] - 48 : (u[i + 1] | 32) - 87
        out.append(hi << 4 | lo)
        i += 2
    }
    return out
}

func hexString(_ b: [UInt8]) -> String {
    b.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
