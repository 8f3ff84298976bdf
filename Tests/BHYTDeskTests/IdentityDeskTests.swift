import BHYTCard
import BHYTCOSE
import BHYTDesk
import BHYTJSON
import BHYTVerifier
import Foundation
import Testing

/// A card and a citizen ID at the desk: one check-in, either order; and what the log keeps.
@Suite struct IdentityDeskTests {
    let t = Fixtures.july2025
    /// The holder of samples/signed/es256/d2021-k1.txt (Hoàng Thị Lụa, 14/02/1985), with an address.
    static let lua = "006185000123|272345678|Hoàng Thị Lụa|14021985|Nữ|Số 7 Ngõ Bản Nà Phặc, Ngân Sơn|01072024"

    func card() throws -> String { try Fixtures.sample("signed/es256/d2021-k1.txt").trimmingCharacters(in: .whitespacesAndNewlines) }

    @Test(arguments: [true, false])
    func aCardAndAnIDAreOneCheckIn(cardFirst: Bool) throws {
        var desk = FrontDesk(time: t)
        var pairing = DeskPairing()
        let card = try card()
        let order = cardFirst ? [(card, t), (Self.lua, t + 20)] : [(Self.lua, t), (card, t + 20)]
        var verdicts: [Verdict] = []
        for (text, at) in order {
            let (cardText, v) = pairing.verify(text, at: at, with: Fixtures.verifier)
            _ = desk.record(v, text: cardText, at: at)
            verdicts.append(v)
        }
        // The last verdict is the card with the match; the day counts one check-in.
        #expect(verdicts.last?.identity?.match == .holder && verdicts.last?.status == .valid)
        #expect(desk.counts == [.valid: 1])
        if !cardFirst { #expect(verdicts.first?.person?.fullName == "Hoàng Thị Lụa" && verdicts.first?.status == .unreadable) }
    }

    /// After the minute, a CCCD is on its own again.
    @Test func noPairingAfterTheWindow() throws {
        var pairing = DeskPairing()
        _ = pairing.verify(try card(), at: t, with: Fixtures.verifier)
        let (_, late) = pairing.verify(Self.lua, at: t + FrontDesk.pairingWindow, with: Fixtures.verifier)
        #expect(late.identity == nil && late.errors == [.cccdOnly])
    }

    /// An ID that does not read is answered alone, and the card waits for the next one.
    @Test func anUnreadableIDDoesNotUseUpTheCard() throws {
        var pairing = DeskPairing()
        _ = pairing.verify(try card(), at: t, with: Fixtures.verifier)
        let (_, cut) = pairing.verify("006185000123||Hoàng Thị Lụa|14021985", at: t + 5, with: Fixtures.verifier)
        #expect(cut.errors == [.cccdMalformed] && cut.status == .unreadable && cut.card == nil)
        let (_, again) = pairing.verify(Self.lua, at: t + 10, with: Fixtures.verifier)
        #expect(again.identity?.match == .holder)
    }

    /// A mismatch found for a card just checked in is the same check-in, logged with the match.
    @Test func aMismatchAmendsTheCheckIn() throws {
        var desk = FrontDesk(time: t)
        var pairing = DeskPairing()
        let (c1, v1) = pairing.verify(try card(), at: t, with: Fixtures.verifier)
        #expect(desk.record(v1, text: c1, at: t).outcome == .checkIn)
        let (c2, v2) = pairing.verify("006185000123||Hoàng Thị Lụa|14021986|Nữ|Ngân Sơn|", at: t + 5, with: Fixtures.verifier)
        #expect(v2.status == .invalid && v2.errors == [.idMismatch])
        #expect(desk.record(v2, text: c2, at: t + 5).outcome == .repeatScan(firstAt: t))
        #expect(desk.counts == [.valid: 1])
    }

    /// The log after a verification with an ID: neither the 12-digit number nor the ID's
    /// address; the match, and a keyed hash that is the same for the same person and secret.
    @Test func theLogHoldsNoPersonalNumberOrAddress() throws {
        var desk = FrontDesk(time: t)
        var card = try Fixtures.sample("cards/d2021-k1.json")
        card = card.replacingOccurrences(of: "\"issuingPlace\"", with: "\"personalId\": \"006185000123\", \"issuingPlace\"")
        let parsed = try Card(jsonText: card)
        #expect(parsed.personalId == "006185000123")
        // The card carries the number too (in its signed claim), as the ID does.
        let key = try SigningKey(pem: try Fixtures.sample("keys/DEMO-ONLY-VN-79-es256.key.pem"))
        let text = try SignedCardCodec.issue(parsed, issuer: "VN-79", issuedAt: t - 86_400, key: key)
        let secret = SiteSecret(bytes: Array(repeating: 7, count: 32))
        let v = Fixtures.verifier.verify(text, id: Self.lua)
        #expect(v.status == .valid && v.card?.personalId == "006185000123" && v.jsonText(.en).contains("006185000123"))
        let scan = desk.record(v, text: text, at: t)
        let entry = try #require(FrontDesk.logEntry(scan, verdict: v, at: t, secret: secret))
        #expect(!entry.contains("006185000123") && !entry.contains("Ngõ Bản Nà Phặc") && !entry.contains("272345678"))
        let json = try JSONParser.parse(entry)
        #expect(json["verdict"]?["identity"]?["match"]?.stringValue == "holder")
        #expect(json["personalIdHMAC"]?.stringValue == secret.hash("006185000123") && secret.hash("006185000123").count == 64)
        #expect(SiteSecret(bytes: Array(repeating: 8, count: 32)).hash("006185000123") != secret.hash("006185000123"))
    }

    /// The site secret is created once (mode 0600) and read back the same.
    @Test func theSiteSecretPersists() throws {
        let dir = try Fixtures.temporaryFolder()
        let path = dir + "/checkins.jsonl.key"
        let a = try SiteSecret.load(path: path), b = try SiteSecret.load(path: path)
        #expect(a.hash("001099012345") == b.hash("001099012345"))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        try "not a key\n".write(toFile: dir + "/bad.key", atomically: true, encoding: .utf8)
        #expect(throws: CheckInLog.LogError.self) { try SiteSecret.load(path: dir + "/bad.key") }
        // A link is refused (whatever it points to); an empty file (a crash before it was
        // written) is made again; a readable secret is made owner-only.
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.key", withDestinationPath: path)
        #expect(throws: CheckInLog.LogError.self) { try SiteSecret.load(path: dir + "/link.key") }
        FileManager.default.createFile(atPath: dir + "/empty.key", contents: Data())
        _ = try SiteSecret.load(path: dir + "/empty.key")
        #expect(try String(contentsOfFile: dir + "/empty.key", encoding: .utf8).count == 65)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(try SiteSecret.load(path: path).hash("001099012345") == a.hash("001099012345"))
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
    }
}
