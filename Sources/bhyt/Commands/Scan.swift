import ArgumentParser
import Dispatch
import NIOConcurrencyHelpers
import BHYTCard
import BHYTVerifier
import BHYTDesk
import BHYTRecords

struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Front-desk loop: scan cards one after another and see each verdict large and plain.",
        discussion: """
            Reads one card a line from the scanner (or the keyboard). Each verdict is shown large \
            (green valid, red invalid, yellow unverified, amber unreadable: scan again) with the holder's name and birth date to \
            compare with an ID, the day's counts below. Every verdict is appended to the check-in \
            log (JSON lines, written and fsync'd before it is shown) and, with --records, to the             check-in records (SQLite or PostgreSQL, committed before it is shown). Ctrl-D ends.
            """)

    @OptionGroup var options: VerificationOptions

    @Option(help: ArgumentHelp("Check-in log (JSON lines, appended).", valueName: "FILE"))
    var log: String = "bhyt-checkin.jsonl"

    @Option(help: ArgumentHelp("Keep every check-in in records: sqlite:PATH, or postgres://USER@HOST:PORT/DATABASE for a site with several desks; none for no records (default: records.sqlite in the state directory, $XDG_STATE_HOME/bhyt). Each record is chained to the one before: `bhyt records verify` finds one edited.", valueName: "URL"))
    var records: RecordsLocation?

    @Option(name: .customLong("records-spool"), help: ArgumentHelp("With PostgreSQL records: where check-ins wait while the server cannot be reached (default: records-spool.sqlite in the state directory).", valueName: "FILE"))
    var recordsSpool: String?

    @Option(name: .customLong("desk"), help: ArgumentHelp("This desk's name in the records.", valueName: "NAME"))
    var deskName: String = "desk"

    @Option(name: .customLong("repeat-visit-window"), help: ArgumentHelp("With --records: the same signed card checked in within this time at another desk (or at this one after the repeat window) is a REPEAT_VISIT warning (default 4h; 0 for none).", valueName: "DURATION"))
    var repeatVisitWindow: DurationArgument?

    @Option(help: ArgumentHelp("The same card scanned again within this many seconds is a repeat, not a new check-in.", valueName: "SECONDS"))
    var repeatWindow: Int64 = 300

    @Option(help: ArgumentHelp("Clear the last patient's details from the screen after this many idle seconds (0: never).", valueName: "SECONDS"))
    var clearAfter: Int = 60

    @Flag(inversion: .prefixedNo, help: "Ring the terminal bell on an invalid card.")
    var bell = true

    @OptionGroup var language: LanguageOption

    func validate() throws {
        guard repeatWindow >= 0 else { throw ValidationError("--repeat-window must be 0 or more seconds") }
        guard clearAfter >= 0 else { throw ValidationError("--clear-after must be 0 or more seconds") }
    }

    func run() throws {
        let lang = language.language
        let checkInLog: CheckInLog
        do {
            checkInLog = try CheckInLog(path: log)
            if let repair = checkInLog.repair {
                Console.error(lang == .vi
                    ? "bhyt scan: dòng cuối của nhật ký bị cắt dở (\(repair.bytes) byte, máy dừng giữa lúc ghi): đã chuyển sang \(repair.setAsideIn); nhật ký tiếp tục từ mục đầy đủ cuối cùng"
                    : "bhyt scan: \(repair)")
            }
        } catch {
            Console.error("bhyt scan: \(error)")
            throw ExitCode(2)
        }
        let location = records ?? .standard
        let store = try location.open("scan", lang, spool: location.spoolPath(recordsSpool))
        let baseSettings = try options.settings(now: Clock.wallSeconds, lang: lang)
        let colour = Console.stdoutIsTerminal
        var desk = FrontDesk(time: baseSettings.time, counts: CheckInLog.counts(in: log, day: CheckInLog.day(baseSettings.time)),
                             repeatWindow: repeatWindow)
        let screen = DeskScreen(clearAfter: colour ? clearAfter : 0)
        var welcome = ScanScreen.welcome(lang, log: log, colour: colour)
        if options.trust == nil {
            let warning = lang == .vi
                ? "CẢNH BÁO: chưa có danh sách tin cậy (--trust): không thẻ có chữ ký nào có thể HỢP LỆ."
                : "WARNING: no trust list (--trust): no signed card can be VALID."
            Console.error("bhyt scan: " + warning)
            welcome = welcome.then(warning)
        }
        screen.show(welcome.then(ScanScreen.counts(desk.counts, lang)), idle: welcome.then(ScanScreen.counts(desk.counts, lang)))
        let reader = InputReader(arguments: ["-"], language: lang, answersEveryStdinLine: true)
        var pairing = DeskPairing()
        while let item = reader.next() {
            guard case .text(let text) = item.content else { continue }
            // The time of each scan: fixed by --at, else the clock now.
            var settings = baseSettings
            if options.at == nil { settings.time = Clock.wallSeconds }
            // A card and a citizen ID scanned one after the other (either order, within a
            // minute) are one check-in: the card verified with the ID compared.
            var (cardText, verdict) = pairing.verify(text, at: settings.time, with: Verifier(settings: settings))
            let scan = desk.record(verdict, text: cardText, at: settings.time)
            if let store {
                verdict = store.noteRepeatVisit(verdict, scan, desk: deskName, at: settings.time, repeatScan: repeatWindow,
                                                window: repeatVisitWindow?.seconds ?? 4 * 3600)
            }
            if let entry = FrontDesk.logEntry(scan, verdict: verdict, at: settings.time, secret: checkInLog.secret) {
                do {
                    try checkInLog.append(line: entry)
                    try store?.append(entry: entry, desk: deskName)
                } catch {
                    Console.error("bhyt scan: \(error) — verdicts are no longer logged; stop and fix the log")
                    throw ExitCode(2)
                }
            }
            let counts = ScanScreen.counts(desk.counts, lang)
            var shown = ScanScreen.verdict(verdict, scan, lang, colour: colour).then(counts)
            if bell && colour && verdict.status == .invalid && scan.outcome != .notACard { shown.code(.bell) }
            // One write: the screen never shows a verdict without its counts.
            screen.show(shown, idle: ScanScreen.welcome(lang, log: log, colour: colour).then(counts))
        }
        screen.stop()
    }
}

/// The desk terminal: each verdict replaces the last, and after `clearAfter` idle seconds the
/// patient's details give way to the idle screen (a timer on its own queue; writes serialised).
final class DeskScreen: Sendable {
    private let clearAfter: Int
    private let state = NIOLockedValueBox<(generation: Int, stopped: Bool)>((0, false))
    private let queue = DispatchQueue(label: "bhyt.scan.idle")

    init(clearAfter: Int) { self.clearAfter = clearAfter }

    /// Shows `text` now; `idle` after the idle time unless something else was shown since.
    func show(_ text: Styled, idle: Styled) {
        let generation = state.withLockedValue { s -> Int in
            s.generation += 1
            Console.styled(text)
            return s.generation
        }
        guard clearAfter > 0 else { return }
        queue.asyncAfter(deadline: .now() + .seconds(clearAfter)) { [self] in
            state.withLockedValue { s in
                if s.generation == generation, !s.stopped { Console.styled(idle) }
            }
        }
    }

    /// No more idle screens (input ended).
    func stop() { state.withLockedValue { $0.stopped = true } }
}

/// What the front-desk screen shows.
enum ScanScreen {
    static let width = 44

    static func welcome(_ lang: Language, log: String, colour: Bool) -> Styled {
        var out = Styled()
        if colour { out.code(.clearScreen) }
        out.line(lang == .vi ? "BHYTKit — quét thẻ BHYT. Nhật ký: \(log). Ctrl-D để kết thúc." :
                               "BHYTKit — scan BHYT cards. Log: \(log). Ctrl-D to finish.")
        return out
    }

    /// The verdict screen; every line from the card is escaped (``TerminalText``), colours and
    /// the screen clear are this program's own.
    static func verdict(_ v: Verdict, _ scan: FrontDesk.Scan, _ lang: Language, colour: Bool) -> Styled {
        let vi = lang == .vi
        let bar = String(repeating: "█", count: width)
        let title = "  \(v.status.mark)  \(v.status.label(lang))"
        var screen = Styled()
        // On a terminal each verdict replaces the last, so the desk sees only the current card.
        if colour { screen.code(.clearScreen) }
        screen.newline()
        if colour { screen.code(Styled.Code.colour(for: v.status)) }
        screen.line(bar)
        screen.newline()
        screen.line("██" + title + String(repeating: " ", count: max(1, width - 4 - title.count)) + "██")
        screen.newline()
        screen.line(bar)
        if colour { screen.code(.reset) }
        var out: [String] = []
        if let card = v.card {
            out.append("  " + (vi ? "HỌ TÊN:    " : "NAME:      ") + card.fullName.uppercased())
            out.append("  " + (vi ? "NGÀY SINH: " : "BORN:      ") + card.birthDate.legacyText
                       + (vi ? "   ← đối chiếu giấy tờ tùy thân" : "   ← compare with an ID"))
            out.append("  " + (vi ? "Mã thẻ:    " : "Card:      ") + card.code.text)
            let to = card.validTo?.legacyText ?? (vi ? "không thời hạn" : "open-ended")
            out.append("  " + (vi ? "Giá trị:   " : "Valid:     ") + "\(card.validFrom.legacyText) – \(to)")
            if let level = card.benefitLevel { out.append("  " + (vi ? "Mức hưởng: " : "Benefit:   ") + "\(level.rawValue) (\(level.percent)%)") }
            if let guardian = card.guardianName {
                out.append("  " + (vi ? "GIÁM HỘ:   " : "GUARDIAN:  ") + guardian.uppercased()
                           + (vi ? "   ← thẻ trẻ em: đối chiếu giấy tờ của cha mẹ / người giám hộ" : "   ← a child's card: compare the guardian's ID"))
            }
        }
        for f in v.findings {
            out.append("  \(f.severity == .error ? "✘" : "!") \(FindingText.message(f, lang)) [\(f.code.rawValue)]")
        }
        if let person = v.person {
            out += CitizenIDText.lines(person, lang, full: false).map { "  " + $0 }
            out.append(vi ? "  → Quét thẻ BHYT (trong 60 giây) để đối chiếu, hoặc tra cứu thẻ theo số định danh."
                          : "  → Scan the insurance card (within 60 s) to compare, or look the card up by the personal ID.")
        } else if let identity = v.identity {
            out.append("  " + CitizenIDText.match(identity, lang))
        } else if v.card != nil {
            out.append(vi ? "  → Quét CCCD để đối chiếu" : "  → Scan the citizen ID to compare")
        }
        if v.status == .unreadable && v.person == nil {
            // Short lines (a narrow terminal wraps them): what to try, then that the card was not judged.
            out.append(vi ? "  → Quét lại / chụp lại: mã QR gần hơn, đủ sáng, không lóa." : "  → Scan or photograph again: the QR closer, in good light, no glare.")
            out.append(vi ? "  → Máy quét gõ sai chữ? Tắt Unikey (chuyển sang E)." : "  → Scanner typing wrong letters? Switch Unikey off (to E).")
            out.append(vi ? "  (Chưa đọc được thẻ: thẻ không bị coi là không hợp lệ.)" : "  (No card was read: it has not been found invalid.)")
        }
        switch scan.outcome {
        case .notACard:
            out.append(vi ? "  (không phải thẻ: không tính, không ghi nhật ký)" : "  (no card: not counted, not logged)")
        case .repeatScan(let first) where v.identity != nil:
            let at = VietnamTime.format(first).suffix(8)
            out.append(vi ? "  (đối chiếu CCCD cho lượt tiếp đón lúc \(at), không tính thêm)" : "  (ID compared for the check-in at \(at), not counted again)")
        case .repeatScan(let first):
            let at = VietnamTime.format(first).suffix(8)
            out.append(vi ? "  ↻ QUÉT LẠI — đã quét lúc \(at), không tính thêm" : "  ↻ REPEAT — already scanned at \(at), not counted again")
        case .checkIn:
            break
        }
        for line in out {
            screen.newline()
            screen.line(line)
        }
        return screen
    }

    static func counts(_ c: [VerdictStatus: Int], _ lang: Language) -> String {
        let parts = FrontDesk.checkInStatuses.map { "\($0.label(lang).lowercased()) \(c[$0, default: 0])" }
        return (lang == .vi ? "Hôm nay: " : "Today: ") + parts.joined(separator: " · ")
    }
}
