import BHYTCard
import BHYTJSON
import BHYTVerifier
import Crypto

/// The bookkeeping of a front desk (quầy tiếp đón): which scans are check-ins, which are the
/// same card scanned again, the day's counts, and the audit entry written for each check-in.
/// The desk loop (`bhyt scan`) and the service use it alike; it holds no screen or file.
package struct FrontDesk: Sendable {
    /// What one scan was, for the counts and the log.
    package enum Outcome: Sendable, Equatable {
        /// No card read (garbage, an empty Enter, a cut scan, a blurred photo): shown, not
        /// counted, not logged.
        case notACard
        /// A check-in (lượt tiếp đón): counted and logged.
        case checkIn
        /// The same card again within ``repeatWindow`` of its check-in at `firstAt`: logged
        /// (marked a repeat), not counted again.
        case repeatScan(firstAt: Int64)
    }

    /// One scan as the desk records it.
    package struct Scan: Sendable {
        package let outcome: Outcome
        /// The card code: authenticated, or as the text claims it when the signature did not
        /// verify (for the audit only; `codeAuthenticated` says which); `nil` when unreadable.
        package let code: String?
        package let codeAuthenticated: Bool
        /// SHA-256 of the scanned text's UTF-8 bytes, lowercase hex: ties a log entry to the
        /// exact QR without storing a forged text.
        package let textSHA256: String
    }

    /// The statuses a check-in can have (an unreadable scan is no check-in): what the day counts.
    package static let checkInStatuses: [VerdictStatus] = [.valid, .invalid, .unverified]

    /// Seconds within which the same card counts once (default five minutes).
    package let repeatWindow: Int64
    /// The Vietnam-time day being counted (`yyyy-MM-dd`).
    package private(set) var day: String
    /// Check-ins of ``day`` per status (repeats and non-cards left out).
    package private(set) var counts: [VerdictStatus: Int]
    /// Identity → time of its check-in, only for the last `repeatWindow` seconds (bounded by
    /// how many cards a desk can scan in that time).
    private var recent: [String: Int64] = [:]
    /// Card code → time of its last check-in, for the last ``pairingWindow`` seconds.
    private var recentCodes: [String: Int64] = [:]

    /// Seconds within which a card and a citizen ID scanned one after the other (either order)
    /// are one check-in.
    package static let pairingWindow: Int64 = 60

    /// A desk for the day of `time`, carrying over counts already in a log (see
    /// ``CheckInLog/counts(in:day:)``).
    package init(time: Int64, counts: [VerdictStatus: Int] = [:], repeatWindow: Int64 = 300) {
        self.repeatWindow = max(0, repeatWindow)
        self.day = CheckInLog.day(time)
        self.counts = counts
    }

    /// Records one scan of `text` judged `verdict` at `time`: a new day starts new counts.
    package mutating func record(_ verdict: Verdict, text: String, at time: Int64) -> Scan {
        let hash = FrontDesk.sha256Hex(text)
        guard verdict.format != .unknown, verdict.status != .unreadable else {
            return Scan(outcome: .notACard, code: nil, codeAuthenticated: false, textSHA256: hash)
        }
        let today = CheckInLog.day(time)
        if today != day {
            day = today
            counts = [:]
            recent = [:]
            recentCodes = [:]
        }
        var code = verdict.card?.code.text
        // Only a signature authenticates a code: a signed card's verdict carries the card only
        // when a trusted key verified it; a legacy card's code is what its text says.
        let authenticated = verdict.format == .signed && code != nil
        if code == nil, verdict.format == .signed {
            // The code the card claims, for the audit of a forgery or a damaged card.
            code = (try? SignedCardCodec.decode(text))?.card.code.text
        }
        recent = recent.filter { time - $0.value < repeatWindow && $0.value <= time }
        recentCodes = recentCodes.filter { time - $0.value < FrontDesk.pairingWindow && $0.value <= time }
        // A citizen ID shown for a card checked in moments ago belongs to that check-in: logged
        // with the match, not counted again (whatever the match made of the verdict).
        if verdict.identity != nil, let code, let first = recentCodes[code] {
            return Scan(outcome: .repeatScan(firstAt: first), code: code, codeAuthenticated: authenticated, textSHA256: hash)
        }
        let identity = code.map { "code:\($0):\(verdict.status.rawValue)" } ?? "text:\(hash)"
        if let first = recent[identity] {
            return Scan(outcome: .repeatScan(firstAt: first), code: code, codeAuthenticated: authenticated, textSHA256: hash)
        }
        recent[identity] = time
        if let code { recentCodes[code] = time }
        counts[verdict.status, default: 0] += 1
        return Scan(outcome: .checkIn, code: code, codeAuthenticated: authenticated, textSHA256: hash)
    }

    /// Takes back a check-in that could not be written (its log line or record failed): the
    /// same card scanned again — the desk page resends it — is then a check-in, not a repeat of
    /// one that was never kept, and the day's counts do not hold it.
    package mutating func forget(_ scan: Scan, status: VerdictStatus, at time: Int64) {
        guard scan.outcome == .checkIn else { return }
        let identity = scan.code.map { "code:\($0):\(status.rawValue)" } ?? "text:\(scan.textSHA256)"
        if recent[identity] == time { recent[identity] = nil }
        if let code = scan.code, recentCodes[code] == time { recentCodes[code] = nil }
        if let n = counts[status], n > 0 { counts[status] = n - 1 }
    }

    /// The check-in log line for a scan (`nil` for no card): when, what, and the verdict's
    /// documented JSON members, one line — the same whatever the language of the desk (the
    /// messages in English; the codes are what a report reads). No personal ID number and no
    /// citizen ID's address: the card's number is left out of the verdict, and the person's
    /// (the citizen ID's, else the card's) is kept only as `personalIdHMAC` under `secret`.
    package static func logEntry(_ scan: Scan, verdict: Verdict, at time: Int64, secret: SiteSecret? = nil,
                                 staff: (id: String, name: String)? = nil) -> String? {
        guard scan.outcome != .notACard else { return nil }
        var w = JSONWriter(capacity: 1024)
        w.beginObject()
        w.member("scannedAt", time)
        w.member("day", CheckInLog.day(time))
        w.key("repeat")
        if case .repeatScan = scan.outcome { w.bool(true) } else { w.bool(false) }
        w.member("code", scan.code)
        w.key("codeAuthenticated")
        w.bool(scan.codeAuthenticated)
        w.member("textSHA256", scan.textSHA256)
        w.member("personalIdHMAC", (verdict.presentedPersonalId ?? verdict.card?.personalId).flatMap { id in secret.map { $0.hash(id) } })
        // The staff member whose token made the check-in (`bhyt serve --users`); absent otherwise.
        if let staff {
            w.key("staff")
            w.beginObject()
            w.member("id", staff.id)
            w.member("name", staff.name)
            w.endObject()
        }
        w.key("verdict")
        verdict.writeJSON(to: &w, .en, forLog: true)
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    static func sha256Hex(_ text: String) -> String { Hex.encode(bytes: Array(SHA256.hash(data: Array(text.utf8)))) }
}
