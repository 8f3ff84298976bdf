import BHYTCard
import BHYTCOSE
import BHYTDesk
import BHYTVerifier
import Foundation
import Testing

/// List files as the command line and the service read them: plain or signed, roots pinned or not.
@Suite struct ListFilesTests {
    static let root = try! SigningKey(algorithm: .es256, rawRepresentation: [UInt8](repeating: 0x51, count: 32))
    static let otherRoot = try! SigningKey(algorithm: .eddsa, rawRepresentation: [UInt8](repeating: 0x52, count: 32))
    static let validity = try! ListValidity(issuedAt: Fixtures.july2025 - 86_400, expires: Fixtures.july2025 + 6 * 86_400, sequence: 3)

    func write(_ text: String, _ name: String) throws -> String {
        let path = try Fixtures.temporaryFolder() + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func signedTrust(key: SigningKey = root) throws -> String {
        try write(try SignedList.sign(Fixtures.trust.entriesJSON, kind: .trust, validity: Self.validity, key: key) + "\n", "trust.jws")
    }

    @Test func signedTrustListWithRoot() throws {
        let loaded = try ListFiles.trustList(at: try signedTrust(), roots: [Self.otherRoot.publicKey, Self.root.publicKey])
        #expect(loaded.list.keys == Fixtures.trust.keys && loaded.warnings.isEmpty)
        #expect(loaded.info?.validity == Self.validity && loaded.info?.verifiedBy == Self.root.publicKey)
    }

    @Test func signedListWithoutRootIsUsedWithAWarning() throws {
        let loaded = try ListFiles.trustList(at: try signedTrust(), roots: [])
        #expect(loaded.list.keys.count == Fixtures.trust.keys.count && loaded.info?.verifiedBy == nil)
        #expect(loaded.warnings.count == 1 && loaded.warnings[0].contains("NOT checked"))
        let vi = try ListFiles.trustList(at: try signedTrust(), roots: [], language: .vi)
        #expect(vi.warnings[0].contains("CHƯA được kiểm tra"))
    }

    @Test func refusedWithRoot() throws {
        let plain = try write(try Fixtures.sample("DEMO-ONLY-trust.json"), "trust.json")
        #expect(throws: Never.self) { try ListFiles.trustList(at: plain, roots: []) }
        func reason(_ body: () throws -> Void) -> (String?, String) {
            do {
                try body()
                return (nil, "")
            } catch let error as ListFiles.ListError {
                return (error.reason, error.description)
            } catch {
                return ("other: \(error)", "")
            }
        }
        let (r1, d1) = reason { _ = try ListFiles.trustList(at: plain, roots: [Self.root.publicKey]) }
        #expect(r1 == "LIST_UNSIGNED" && d1.contains(plain))
        let (r2, d2) = reason { _ = try ListFiles.trustList(at: plain, roots: [Self.root.publicKey], language: .vi) }
        #expect(r2 == "LIST_UNSIGNED" && d2.contains("danh sách tin cậy") && d2.contains(plain))
        let byOther = try signedTrust(key: Self.otherRoot)
        #expect(reason { _ = try ListFiles.trustList(at: byOther, roots: [Self.root.publicKey]) }.0 == "ROOT_UNKNOWN")
        let plainRevocations = try write("0123456789\n", "revoked.txt")
        #expect(reason { _ = try ListFiles.revocationList(at: plainRevocations, roots: [Self.root.publicKey]) }.0 == "LIST_UNSIGNED")
        // a trust list given as the revocation list
        #expect(reason { _ = try ListFiles.revocationList(at: try signedTrust(), roots: [Self.root.publicKey]) }.0 == "LIST_TYPE_MISMATCH")
        // tampered: one payload character changed
        var parts = try String(contentsOfFile: try signedTrust(), encoding: .utf8).split(separator: ".").map(String.init)
        var payload = Array(parts[1].utf8)
        payload[20] = payload[20] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        parts[1] = String(decoding: payload, as: UTF8.self)
        let tampered = try write(parts.joined(separator: "."), "tampered.jws")
        let r = reason { _ = try ListFiles.trustList(at: tampered, roots: [Self.root.publicKey]) }.0
        #expect(r == "LIST_SIGNATURE_INVALID" || r == "JWS_BASE64")
    }

    @Test func signedRevocationList() throws {
        let jws = try RevocationList.sign(text: Array("# t\n0123456789\nGD4797924800001 2025-01-01\n".utf8), validity: Self.validity, key: Self.root)
        let path = try write(jws, "revoked.jws")
        let loaded = try ListFiles.revocationList(at: path, roots: [Self.root.publicKey])
        #expect(loaded.list.count == 2 && loaded.info?.validity.sequence == 3 && loaded.warnings.isEmpty)
        #expect(loaded.list.isRevoked(code: CardCode("GD4797924800001")!, issuedAt: 0))
        #expect(try ListFiles.revocationList(at: path, roots: []).warnings.count == 1)
    }

    /// A plain list read in 1 MiB chunks is the list read whole (lines cross chunk boundaries).
    @Test func largePlainRevocationList() throws {
        func number(_ n: Int) -> String { let d = String(n); return String(repeating: "0", count: 10 - d.count) + d }
        var text = ""
        for i in 0..<300_000 { text += number(i * 7919 % 10_000_000_000) + "\n" }
        let path = try write(text, "revoked.txt")
        let list = try ListFiles.revocationList(at: path, roots: []).list
        #expect(list.count == 300_000)
        #expect(list.isRevoked(socialInsuranceNumber: number(299_999 * 7919), issuedAt: 0))
        #expect(!list.isRevoked(socialInsuranceNumber: number(7918), issuedAt: 0))
        let bad = try write(text + "12345\n", "bad.txt")
        do {
            _ = try ListFiles.revocationList(at: bad, roots: [])
            Issue.record("accepted")
        } catch {
            #expect(error.description.contains("line 300001"))
        }
    }

    @Test func rootsAndDurations() throws {
        let pem = try write(Self.root.publicKey.pem, "root.pub.pem")
        #expect(try ListFiles.roots(at: [pem]) == [Self.root.publicKey])
        let priv = try write(Self.root.pkcs8PEM, "root.key.pem")
        #expect(throws: ListFiles.ListError.self) { try ListFiles.roots(at: [priv]) }
        #expect(ListFiles.duration("7d") == 7 * 86_400 && ListFiles.duration("12h") == 43_200 && ListFiles.duration("0") == 0)
        for bad in ["", "d", "7", "-1d", "7x", "1.5d", "99999999999d"] { #expect(ListFiles.duration(bad) == nil, "\(bad)") }
    }
}

extension ListFilesTests {
    /// What the command line and the service call: both lists into the settings, with their dates.
    @Test func loadIntoSettings() throws {
        let revoked = try write(try RevocationList.sign(text: Array("1234567890\n".utf8), validity: Self.validity, key: Self.root), "r.jws")
        let (lists, warnings) = try ListFiles.load(trust: try signedTrust(), revoked: revoked, roots: [Self.root.publicKey])
        let settings = lists.settings(time: Fixtures.july2025)
        #expect(warnings.isEmpty && settings.trust.keys == Fixtures.trust.keys && settings.revocations.count == 1)
        #expect(settings.trustListValidity == Self.validity && settings.revocationListValidity == Self.validity)
        #expect(throws: ListFiles.ListError.self) {
            _ = try ListFiles.load(trust: try signedTrust(), revoked: try write("1234567890\n", "r.txt"), roots: [Self.root.publicKey])
        }
    }
}
