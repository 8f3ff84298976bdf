/// Base45 (RFC 9285), as the EU Digital COVID Certificate's `HC1:` text uses it.
/// BHYTKit uses it only to read those conformance vectors.
package enum Base45 {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".utf8)
    static let values: [Int8] = {
        var t = [Int8](repeating: -1, count: 256)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = Int8(i) }
        return t
    }()

    package static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var i = 0
        while i + 1 < bytes.count {
            var v = Int(bytes[i]) << 8 | Int(bytes[i + 1])
            for _ in 0..<3 { out.append(alphabet[v % 45]); v /= 45 }
            i += 2
        }
        if i < bytes.count {
            var v = Int(bytes[i])
            for _ in 0..<2 { out.append(alphabet[v % 45]); v /= 45 }
        }
        return String(decoding: out, as: UTF8.self)
    }

    package static func decode(_ text: some StringProtocol) throws(EncodingError) -> [UInt8] {
        let u = Array(text.utf8)
        guard u.count % 3 != 1 else { throw .invalidLength(u.count) }
        var out: [UInt8] = []
        out.reserveCapacity(u.count * 2 / 3)
        var i = 0
        while i < u.count {
            let n = min(3, u.count - i)
            var v = 0
            for j in stride(from: i + n - 1, through: i, by: -1) {
                let d = values[Int(u[j])]
                guard d >= 0 else { throw .notInAlphabet(offset: j) }
                v = v * 45 + Int(d)
            }
            if n == 3 {
                guard v <= 0xFFFF else { throw .groupOverflow(offset: i) }
                out.append(UInt8(v >> 8))
                out.append(UInt8(v & 0xFF))
            } else {
                guard v <= 0xFF else { throw .groupOverflow(offset: i) }
                out.append(UInt8(v))
            }
            i += n
        }
        return out
    }
}
