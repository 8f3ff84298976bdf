import BHYTCBOR
import Testing

/// RFC 8949 Appendix A: every example that core deterministic encoding produces as is.
let appendixA: [(String, CBOR)] = [
    ("00", 0), ("01", 1), ("0a", 10), ("17", 23), ("1818", 24), ("1819", 25), ("1864", 100), ("1903e8", 1000),
    ("1a000f4240", 1_000_000), ("1b000000e8d4a51000", 1_000_000_000_000), ("1bffffffffffffffff", .unsigned(.max)),
    ("c249010000000000000000", .tagged(2, .bytes(hex("010000000000000000")))),
    ("3bffffffffffffffff", .negative(.max)), ("c349010000000000000000", .tagged(3, .bytes(hex("010000000000000000")))),
    ("20", -1), ("29", -10), ("3863", -100), ("3903e7", -1000),
    ("f90000", .float(0)), ("f98000", .float(-0.0)), ("f93c00", .float(1)), ("fb3ff199999999999a", .float(1.1)),
    ("f93e00", .float(1.5)), ("f97bff", .float(65504)), ("fa47c35000", .float(100_000)),
    ("fa7f7fffff", .float(3.4028234663852886e+38)), ("fb7e37e43c8800759c", .float(1.0e+300)),
    ("f90001", .float(5.960464477539063e-8)), ("f90400", .float(0.00006103515625)), ("f9c400", .float(-4)),
    ("fbc010666666666666", .float(-4.1)), ("f97c00", .float(.infinity)), ("f9fc00", .float(-.infinity)),
    ("f4", .bool(false)), ("f5", .bool(true)), ("f6", .null), ("f7", .undefined), ("f0", .simple(16)), ("f8ff", .simple(255)),
    ("c074323031332d30332d32315432303a30343a30305a", .tagged(0, "2013-03-21T20:04:00Z")),
    ("c11a514b67b0", .tagged(1, 1_363_896_240)), ("c1fb41d452d9ec200000", .tagged(1, .float(1_363_896_240.5))),
    ("d74401020304", .tagged(23, .bytes([1, 2, 3, 4]))), ("d818456449455446", .tagged(24, .bytes(hex("6449455446")))),
    ("d82076687474703a2f2f7777772e6578616d706c652e636f6d", .tagged(32, "http://www.example.com")),
    ("40", .bytes([])), ("4401020304", .bytes([1, 2, 3, 4])), ("60", ""), ("6161", "a"), ("6449455446", "IETF"),
    ("62225c", "\"\\"), ("62c3bc", "ü"), ("63e6b0b4", "水"), ("64f0908591", "𐅑"),
    ("80", .array([])), ("83010203", .array([1, 2, 3])), ("8301820203820405", .array([1, .array([2, 3]), .array([4, 5])])),
    ("98190102030405060708090a0b0c0d0e0f101112131415161718181819", .array((1...25).map { CBOR.int(Int64($0)) })),
    ("a0", .map([])), ("a201020304", .map([CBORPair(1, 2), CBORPair(3, 4)])),
    ("a26161016162820203", .map([CBORPair("a", 1), CBORPair("b", .array([2, 3]))])),
    ("826161a161626163", .array(["a", .map([CBORPair("b", "c")])])),
    ("a56161614161626142616361436164614461656145", .map([CBORPair("a", "A"), CBORPair("b", "B"), CBORPair("c", "C"),
                                                          CBORPair("d", "D"), CBORPair("e", "E")])),
]

/// Appendix A examples with indefinite lengths: accepted only when determinism is not required.
let appendixAIndefinite: [(String, CBOR)] = [
    ("5f42010243030405ff", .bytes([1, 2, 3, 4, 5])), ("7f657374726561646d696e67ff", "streaming"),
    ("9fff", .array([])), ("9f018202039f0405ffff", .array([1, .array([2, 3]), .array([4, 5])])),
    ("9f01820203820405ff", .array([1, .array([2, 3]), .array([4, 5])])), ("83018202039f0405ff", .array([1, .array([2, 3]), .array([4, 5])])),
    ("bf61610161629f0203ffff", .map([CBORPair("a", 1), CBORPair("b", .array([2, 3]))])),
    ("826161bf61626163ff", .array(["a", .map([CBORPair("b", "c")])])),
    ("bf6346756ef563416d7421ff", .map([CBORPair("Fun", .bool(true)), CBORPair("Amt", -2)])),
]

@Suite struct CBORTests {
    @Test(arguments: appendixA.indices)
    func appendixADecodesAndEncodesBack(_ i: Int) throws {
        let (h, value) = appendixA[i]
        let decoded = try CBORDecoder().decode(hex(h))
        #expect(decoded == value, "\(h)")
        #expect(hexString(value.encoded) == h)
    }

    @Test func nanIsCanonical() throws {
        guard case .float(let d) = try CBORDecoder().decode(hex("f97e00")) else { Issue.record("not a float"); return }
        #expect(d.isNaN && hexString(CBOR.float(.nan).encoded) == "f97e00")
    }

    @Test(arguments: appendixAIndefinite.indices)
    func indefiniteLengthsOnlyWhenAllowed(_ i: Int) throws {
        let (h, value) = appendixAIndefinite[i]
        #expect(try CBORDecoder(deterministic: false).decode(hex(h)) == value)
        let e = #expect(throws: CBORError.self) { try CBORDecoder().decode(hex(h)) }
        #expect(e?.kind == .indefiniteLength || e?.kind == .unsortedMapKeys)
    }

    @Test func mapsAreWrittenSortedByEncodedKey() {
        let m = CBOR.map([CBORPair(-65537, 1), CBORPair(6, 2), CBORPair("a", 3), CBORPair(1, 4), CBORPair(-1, 5), CBORPair(100, 6)])
        #expect(hexString(m.encoded) == "a6" + "0104" + "0602" + "1864" + "06" + "2005" + "3a00010000" + "01" + "6161" + "03")
    }

    /// Every rejection rule, with its kind.
    @Test(arguments: [
        ("", CBORError.Kind.truncated), ("18", .truncated), ("19 01", .truncated), ("1a 0000", .truncated), ("82 01", .lengthExceedsInput),
        ("a1 01", .lengthExceedsInput), ("f9 00", .truncated),
        ("01 00", .trailingBytes), ("a0 a0", .trailingBytes), ("8100 ff", .trailingBytes),
        ("a2 01 01 01 02", .duplicateMapKey), ("a2 6161 01 6161 02", .duplicateMapKey),
        ("44 0102", .lengthExceedsInput), ("5b ffffffffffffffff 00", .lengthExceedsInput), ("7a 7fffffff 61", .lengthExceedsInput),
        ("9b 00000000ffffffff 00", .nonShortestEncoding), ("9a 7fffffff 00", .lengthExceedsInput), ("ba 7fffffff 00", .lengthExceedsInput),
        (String(repeating: "81", count: 17) + "00", .tooDeep), (String(repeating: "c1", count: 17) + "00", .tooDeep),
        ("18 17", .nonShortestEncoding), ("19 00ff", .nonShortestEncoding), ("1a 0000ffff", .nonShortestEncoding),
        ("1b 00000000ffffffff", .nonShortestEncoding), ("38 00", .nonShortestEncoding), ("58 01 00", .nonShortestEncoding),
        ("98 00", .nonShortestEncoding), ("d8 01 00", .nonShortestEncoding),
        ("5f ff", .indefiniteLength), ("bf ff", .indefiniteLength),
        ("a2 02 00 01 00", .unsortedMapKeys), ("a2 6162 00 6161 00", .unsortedMapKeys), ("a2 20 00 01 00", .unsortedMapKeys),
        ("62 c328", .invalidUTF8), ("61 ff", .invalidUTF8), ("63 eda080", .invalidUTF8),
        ("f9 ffff", .nonShortestEncoding), ("fa 3fc00000", .nonShortestEncoding), ("fb 3ff8000000000000", .nonShortestEncoding),
        ("fa 7fc00000", .nonShortestEncoding),
        ("1c", .malformed), ("3e", .malformed), ("ff", .malformed), ("f8 10", .malformed), ("1f", .malformed),
    ])
    func rejections(_ h: String, _ kind: CBORError.Kind) {
        let e = #expect(throws: CBORError.self) { try CBORDecoder().decode(hex(h)) }
        #expect(e?.kind == kind, "\(h)")
    }

    @Test func itemBoundBoundsWork() {
        let many = hex("99 ffff") + [UInt8](repeating: 0, count: 0xFFFF)
        let e = #expect(throws: CBORError.self) { try CBORDecoder().decode(many) }
        #expect(e?.kind == .tooManyItems)
        #expect(throws: Never.self) { try CBORDecoder(maximumItems: 70_000).decode(many) }
    }

    @Test func nonDeterministicModeStillRefusesDuplicatesAndTruncation() {
        let lenient = CBORDecoder(deterministic: false)
        #expect(throws: CBORError.self) { try lenient.decode(hex("a2 01 01 01 02")) }
        #expect(throws: CBORError.self) { try lenient.decode(hex("5f 41")) }
        #expect((try? lenient.decode(hex("19 0001"))) == .unsigned(1))
        #expect((try? lenient.decode(hex("a2 02 00 01 00"))) != nil)
    }

    /// Property: random items encode deterministically and decode back strictly.
    @Test func randomItemsRoundTrip() throws {
        var g = SplitMix(state: 8949)
        func item(_ depth: Int) -> CBOR {
            switch g.next() % (depth > 3 ? 6 : 9) {
            case 0: return .unsigned(g.next() >> (g.next() % 64))
            case 1: return .negative(g.next() >> (g.next() % 64))
            case 2: return .bytes((0..<(g.next() % 40)).map { _ in UInt8(truncatingIfNeeded: g.next()) })
            case 3: return .text(String((0..<(g.next() % 10)).map { _ in Character(Unicode.Scalar(UInt8(97 + g.next() % 26))) }) + "ễ")
            case 4: return [CBOR.bool(true), .bool(false), .null, .undefined][Int(g.next() % 4)]
            case 5: return .float(Double(Int(g.next() % 1000)) / 8)
            case 6: return .array((0..<(g.next() % 5)).map { _ in item(depth + 1) })
            case 7:
                var seen = Set<CBOR>()
                var members: [CBORPair] = []
                for _ in 0..<(g.next() % 5) {
                    let k = item(depth + 1)
                    if seen.insert(k).inserted { members.append(CBORPair(k, item(depth + 1))) }
                }
                return .map(members)
            default: return .tagged(g.next() % 100, item(depth + 1))
            }
        }
        for _ in 0..<3000 {
            let v = item(0)
            let bytes = v.encoded
            let back = try CBORDecoder().decode(bytes)
            #expect(back.encoded == bytes)
        }
    }
}
