import BHYTCard
import BHYTCOSE
import BHYTVerifier
import Testing

/// The compact revocation list: numbers and card codes, dates, chunked reading, a large list.
@Suite struct RevocationListTests {
    func code(_ s: String) -> CardCode { CardCode(s)! }

    @Test func cardCodesAsEntries() throws {
        let list = try RevocationList(text: """
            # numbers and codes, some dated
            0123456789
            GD4797924800001
            dn4790123456788 2025-03-01
            HS7010101001234
            DN40102AB312345 2025-01-01
            """)
        #expect(list.count == 5)
        #expect(list.isRevoked(code: code("GD4797924800001"), issuedAt: 0))
        // a code entry revokes that code only, not the number's other cards
        #expect(!list.isRevoked(code: code("7924800001"), issuedAt: 0))
        #expect(!list.isRevoked(code: code("GD2797924800001"), issuedAt: 0))
        // a number entry revokes every code with that number
        #expect(list.isRevoked(code: code("0123456789"), issuedAt: nil))
        #expect(list.isRevoked(code: code("HS4010123456789"), issuedAt: 5))
        // dated: signed before the cut-off (lower case in the list is read as upper case)
        let cut = VietnamTime.parse("2025-03-01")!
        #expect(list.isRevoked(code: code("DN4790123456788"), issuedAt: cut - 1))
        #expect(!list.isRevoked(code: code("DN4790123456788"), issuedAt: cut))
        #expect(list.isRevoked(code: code("DN4790123456788"), issuedAt: nil))
        // the same code is revoked undated through its number 0123456789
        #expect(list.isRevoked(code: code("DN4790123456789"), issuedAt: cut))
        // pre-2016 codes, with digits only and with letters (kept apart, not packed)
        #expect(list.isRevoked(code: code("HS7010101001234"), issuedAt: 0))
        #expect(list.isRevoked(code: code("DN40102AB312345"), issuedAt: VietnamTime.parse("2024-12-31")!))
        #expect(!list.isRevoked(code: code("DN40102AB312345"), issuedAt: VietnamTime.parse("2025-01-02")!))
        #expect(!list.isRevoked(code: code("DN40102AB312346"), issuedAt: 0))
        #expect(list.isRevoked(socialInsuranceNumber: "0123456789", issuedAt: nil))
        #expect(!list.isRevoked(socialInsuranceNumber: "GD4797924800001", issuedAt: nil))
    }

    @Test func malformedEntries() {
        for bad in ["12345\n", "1234567890 yesterday\n", "1234567890 2025-01-01 x\n", "5601266666666666666666634568 2025-04-01\n",
                    "GD479792480000\n", "GD47979248000011\n", "G14797924800001\n", "GD8797924800001\n", "GD4797924800001x\n",
                    "0123456789\n" + String(repeating: "1", count: 5000) + "\n", "０１２３４５６７８９\n"] {
            #expect(throws: RevocationList.LoadError.self, "\(bad.prefix(30))") { try RevocationList(text: bad) }
        }
        do {
            _ = try RevocationList(text: "0123456789\n\n# ok\nXX\n")
            Issue.record("accepted")
        } catch {
            #expect(error.line == 4)
        }
    }

    /// A list read in chunks of any size is the list read whole (a line, or the BOM, split across chunks).
    @Test func chunkedReading() throws {
        let text = Array("\u{FEFF}0123456789\r\n1111111111 2025-03-01 # why\nGD4797924800001\n  2222222222  \n3333333333".utf8)
        let whole = try RevocationList(bytes: text)
        #expect(whole.count == 5)
        for size in [1, 2, 3, 5, 11, 64] {
            var b = RevocationList.Builder()
            var i = 0
            while i < text.count {
                let piece = Array(text[i..<min(i + size, text.count)])
                try piece.withUnsafeBufferPointer { (p) throws(RevocationList.LoadError) in try b.feed(p) }
                i += size
            }
            let list = try b.finish()
            #expect(list.count == whole.count, "chunks of \(size)")
            for sin in ["0123456789", "1111111111", "2222222222", "3333333333"] {
                #expect(list.isRevoked(socialInsuranceNumber: sin, issuedAt: 0), "\(sin), chunks of \(size)")
            }
            #expect(list.isRevoked(code: code("GD4797924800001"), issuedAt: 0))
        }
    }

    @Test func repeatsMergeToTheBroadest() throws {
        let list = try RevocationList(text: "1111111111 2025-03-01\n1111111111 2025-01-01\n2222222222 2025-03-01\n2222222222\n2222222222 2025-01-01\n1111111111 2025-02-01\n")
        #expect(list.count == 2)
        let cut = VietnamTime.parse("2025-03-01")!
        #expect(list.isRevoked(socialInsuranceNumber: "1111111111", issuedAt: cut - 1))
        #expect(!list.isRevoked(socialInsuranceNumber: "1111111111", issuedAt: cut))
        #expect(list.isRevoked(socialInsuranceNumber: "2222222222", issuedAt: cut + 1_000_000))
    }

    /// 10^6 entries, unsorted, numbers and codes, some dated: every one is found with its cut-off,
    /// and numbers not listed are not (correctness, not timing: the timing is bhyt-bench's).
    @Test func millionEntries() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        func digits(_ n: UInt64, _ width: Int) -> [UInt8] {
            var out = [UInt8](repeating: 48, count: width)
            var v = n
            for i in stride(from: width - 1, through: 0, by: -1) { out[i] = UInt8(48 + v % 10); v /= 10 }
            return out
        }
        var text: [UInt8] = []
        text.reserveCapacity(20_000_000)
        var numbers: [UInt64: Bool] = [:]  // number → dated
        var codes: [[UInt8]] = []
        let dated = Array(" 2025-03-01".utf8)
        for i in 0..<1_000_000 {
            if i % 10 == 0 {
                let c: [UInt8] = [UInt8(65 + next() % 26), UInt8(65 + next() % 26), UInt8(49 + next() % 5)] + digits(next() % 1_000_000_000_000, 12)
                codes.append(c)
                text += c
            } else {
                let n = next() % 10_000_000_000
                let isDated = i % 7 == 0
                numbers[n] = (numbers[n] ?? true) && isDated
                text += digits(n, 10)
                if isDated { text += dated }
            }
            text.append(0x0A)
        }
        let list = try RevocationList(bytes: text)
        #expect(list.count == numbers.count + Set(codes).count)
        let cut = VietnamTime.parse("2025-03-01")!
        for (n, isDated) in numbers {
            let sin = String(decoding: digits(n, 10), as: UTF8.self)
            #expect(list.isRevoked(socialInsuranceNumber: sin, issuedAt: cut - 1))
            if list.isRevoked(socialInsuranceNumber: sin, issuedAt: cut) == isDated { Issue.record("\(sin): dated \(isDated)"); break }
        }
        for c in codes where !list.isRevoked(code: CardCode(String(decoding: c, as: UTF8.self))!, issuedAt: 0) {
            Issue.record("code \(String(decoding: c, as: UTF8.self)) not found")
            break
        }
        var absent = 0
        for _ in 0..<100_000 {
            let n = next() % 10_000_000_000
            guard numbers[n] == nil else { continue }
            absent += 1
            if list.isRevoked(socialInsuranceNumber: String(decoding: digits(n, 10), as: UTF8.self), issuedAt: 0) { Issue.record("\(n) revoked"); break }
        }
        #expect(absent > 90_000)
    }

    /// The verifier: a card whose code is listed is REVOKED, naming the code.
    @Test func verifierRevokesByCode() throws {
        let card = try Forge.card("d2021-k1")  // code 1234567890 (the 2021 design: the number is the code)
        let text = try SignedCardCodec.issue(card, issuer: "VN-79", issuedAt: Forge.iat, key: Forge.es)
        func verdict(_ revoked: String) throws -> Verdict {
            Verifier(settings: VerificationSettings(trust: Forge.standardTrust, revocations: try RevocationList(text: revoked), time: Forge.march2025)).verify(text)
        }
        #expect(try verdict("1234567890\n").errors == [.revoked])
        #expect(try verdict("GD4791234567890\n").status == .valid)
        // a legacy 2016 card by its code, and a pre-2016 card (no number: its code is the only way)
        for name in ["dn-2016", "pre2016"] {
            let legacy = try Forge.legacy(name)
            let listed = try LegacyCodec.read(legacy).card.code.text
            let v = Verifier(settings: VerificationSettings(revocations: try RevocationList(text: listed + "\n"), time: Forge.march2025)).verify(legacy)
            #expect(v.findings.contains { $0.code == .revoked && $0.text().contains("card code \(listed)") }, "\(name)")
            let other = Verifier(settings: VerificationSettings(revocations: try RevocationList(text: "GD4797924800001\n"), time: Forge.march2025)).verify(legacy)
            #expect(!other.errors.contains(.revoked))
        }
    }
}
