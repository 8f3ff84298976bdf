import BHYTEncoding
import Testing

@Suite struct Base10Tests {
    @Test func envelopeExamples() throws {
        #expect(Base10.encode([0x00, 0x01, 0xFF]) == "00000511")
        #expect(Base10.encode(hex("deadbeef00112233")) == "62678480394916130" + "051")
        #expect(try Base10.decode("00000511") == [0, 1, 255])
        #expect(try Base10.decode("62678480394916130051") == hex("deadbeef00112233"))
    }

    /// Every remainder length, all-zero and all-0xff groups, and random bytes.
    @Test(arguments: 0...30)
    func everyLengthRoundTrips(_ n: Int) throws {
        var g = SplitMix(state: UInt64(n))
        for bytes in [[UInt8](repeating: 0, count: n), [UInt8](repeating: 0xFF, count: n),
                      (0..<n).map { _ in UInt8(truncatingIfNeeded: g.next()) }] {
            let digits = Base10.encode(bytes)
            #expect(digits.count == n / 7 * 17 + [0, 3, 5, 8, 10, 13, 15][n % 7])
            #expect(digits.utf8.allSatisfy { $0 >= 48 && $0 <= 57 })
            #expect(try Base10.decode(digits) == bytes)
        }
    }

    @Test(arguments: [1, 2, 4, 6, 7, 9, 11, 12, 14, 16, 18, 19, 21])
    func impossibleLengths(_ n: Int) {
        let e = #expect(throws: EncodingError.self) { try Base10.decode(String(repeating: "0", count: n)) }
        #expect(e == .invalidLength(n))
    }

    /// A group value ≥ 256^k is an error, never a guess: one past the maximum of each size.
    @Test(arguments: [(1, "256"), (2, "65536"), (3, "16777216"), (4, "4294967296"), (5, "1099511627776"),
                      (6, "281474976710656"), (7, "72057594037927936")])
    func groupOverflow(_ k: Int, _ tooBig: String) {
        let e = #expect(throws: EncodingError.self) { try Base10.decode(tooBig) }
        #expect(e == .groupOverflow(offset: 0), "k=\(k)")
        let e2 = #expect(throws: EncodingError.self) { try Base10.decode("00000000000000000" + tooBig) }
        #expect(e2 == .groupOverflow(offset: 17))
    }

    @Test(arguments: ["00a", "0 0", "00５", "12-", "١٢٣"])
    func nonDigits(_ s: String) {
        let e = #expect(throws: EncodingError.self) { try Base10.decode(s) }
        if case .notADigit = e {} else if case .invalidLength = e {} else { Issue.record("\(String(describing: e))") }
    }
}

@Suite struct Base45Tests {
    /// RFC 9285 §4.3 examples.
    @Test(arguments: [("AB", "BB8"), ("Hello!!", "%69 VD92EX0"), ("base-45", "UJCLQE7W581"), ("ietf!", "QED8WEX0")])
    func rfcExamples(_ plain: String, _ encoded: String) throws {
        #expect(Base45.encode(Array(plain.utf8)) == encoded)
        #expect(try Base45.decode(encoded) == Array(plain.utf8))
    }

    @Test(arguments: ["GGW", "A", "ab", "ZZZZ"])
    func rejects(_ s: String) {
        #expect(throws: EncodingError.self) { try Base45.decode(s) }
    }
}

@Suite struct ZlibTests {
    @Test func roundTripAndHeader() throws {
        let text = Array(String(repeating: "Bảo hiểm y tế ", count: 50).utf8)
        let packed = Zlib.deflate(text)
        #expect(packed.first == 0x78 && packed.count < text.count / 5)
        #expect(try Zlib.inflate(packed, limit: 1 << 16) == text)
    }

    @Test func boundedAndStrict() {
        let bomb = Zlib.deflate([UInt8](repeating: 0, count: 1 << 20))
        #expect(bomb.count < 2000)
        #expect(throws: EncodingError.inflatesTooLarge(limit: 16384)) { try Zlib.inflate(bomb, limit: 16384) }
        let ok = Zlib.deflate(Array("hello hello hello".utf8))
        #expect(throws: EncodingError.zlibTruncated) { try Zlib.inflate(Array(ok.dropLast(3)), limit: 100) }
        #expect(throws: EncodingError.zlibTrailingBytes) { try Zlib.inflate(ok + [0], limit: 100) }
        var corrupt = ok
        corrupt[corrupt.count - 1] ^= 1  // Adler-32
        #expect(throws: EncodingError.self) { try Zlib.inflate(corrupt, limit: 100) }
        #expect(throws: EncodingError.self) { try Zlib.inflate([0x78, 0x00], limit: 100) }
    }

    /// The kept deflate streams are taken and given back by many threads at once (as `issue`'s
    /// workers do); under the thread sanitizer (`make test-sanitizers`) a lock it cannot see fails this.
    @Test func streamsSharedByManyThreads() async throws {
        let results = await withTaskGroup(of: Bool.self) { group in
            for t in 0..<8 {
                group.addTask {
                    (0..<400).allSatisfy { i in
                        let text = Array("Thẻ \(t)-\(i): \(String(repeating: "Bảo hiểm ", count: i % 9 + 1))".utf8)
                        return (try? Zlib.inflate(Zlib.deflate(text), limit: 4096)) == text
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: 8))
    }
}
