import ArgumentParser
import BHYTCard
import BHYTVerifier
import BHYTDesk

struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Front-desk loop: scan cards one after another and see each verdict large and plain.",
        discussion: """
            Reads one card a line from the scanner (or the keyboard). Each verdict is shown large \
            (green valid, red invalid, yellow unverified) with the holder's name and birth date to \
            compare with an ID, the day's counts below. Every verdict is appended to the check-in \
            log (JSON lines, written and fsync'd before it is shown). Ctrl-D ends.
            """)

    @OptionGroup var options: VerificationOptions

    @Option(help: ArgumentHelp("Check-in log (JSON lines, appended).", valueName: "FILE"))
    var log: String = "bhyt-checkin.jsonl"

    @OptionGroup var language: LanguageOption

    func run() throws {
        let lang = language.language
        let checkInLog: CheckInLog
        do {
            checkInLog = try CheckInLog(path: log)
        } catch {
            Console.error("bhyt scan: \(error)")
            throw ExitCode(2)
        }
        let baseSettings = try options.settings(now: Clock.wallSeconds, lang: lang)
        let colour = Console.stdoutIsTerminal
        var day = CheckInLog.day(baseSettings.time)
        var counts = CheckInLog.counts(in: log, day: day)
        Console.out(ScanScreen.welcome(lang, log: log, colour: colour))
        Console.out(ScanScreen.counts(counts, lang))
        let reader = InputReader(arguments: ["-"], language: lang)
        while let item = reader.next() {
            guard case .text(let text) = item.content else { continue }
            // The time of each scan: fixed by --at, else the clock now.
            var settings = baseSettings
            if options.at == nil { settings.time = Clock.wallSeconds }
            let verdict = Verifier(settings: settings).verify(text)
            if CheckInLog.day(settings.time) != day {
                day = CheckInLog.day(settings.time)
                counts = [:]
            }
            do {
                try checkInLog.append(verdict, scannedAt: settings.time, language: lang)
            } catch {
                Console.error("bhyt scan: \(error) — verdicts are no longer logged; stop and fix the log")
                throw ExitCode(2)
            }
            counts[verdict.status, default: 0] += 1
            // One write: the screen never shows a verdict without its counts.
            Console.out(ScanScreen.verdict(verdict, lang, colour: colour) + "\n" + ScanScreen.counts(counts, lang))
        }
    }
}

/// What the front-desk screen shows.
enum ScanScreen {
    static let width = 44

    static func welcome(_ lang: Language, log: String, colour: Bool) -> String {
        let clear = colour ? "\u{1B}[2J\u{1B}[H" : ""
        return clear + (lang == .vi ? "BHYTKit — quét thẻ BHYT. Nhật ký: \(log). Ctrl-D để kết thúc." :
                                      "BHYTKit — scan BHYT cards. Log: \(log). Ctrl-D to finish.")
    }

    static func verdict(_ v: Verdict, _ lang: Language, colour: Bool) -> String {
        let vi = lang == .vi
        let paint = colour ? ANSI.colour(for: v.status) : ""
        let reset = colour ? ANSI.reset : ""
        let bar = String(repeating: "█", count: width)
        let title = "  \(v.status.mark)  \(v.status.label(lang))"
        // On a terminal each verdict replaces the last, so the desk sees only the current card.
        let clear = colour ? "\u{1B}[2J\u{1B}[H" : ""
        var out = [clear, paint + bar, "██" + title + String(repeating: " ", count: max(1, width - 4 - title.count)) + "██", bar + reset]
        if let card = v.card {
            out.append("  " + (vi ? "HỌ TÊN:    " : "NAME:      ") + card.fullName.uppercased())
            out.append("  " + (vi ? "NGÀY SINH: " : "BORN:      ") + card.birthDate.legacyText
                       + (vi ? "   ← đối chiếu giấy tờ tùy thân" : "   ← compare with an ID"))
            out.append("  " + (vi ? "Mã thẻ:    " : "Card:      ") + card.code.text)
            let to = card.validTo?.legacyText ?? (vi ? "không thời hạn" : "open-ended")
            out.append("  " + (vi ? "Giá trị:   " : "Valid:     ") + "\(card.validFrom.legacyText) – \(to)")
            if let level = card.benefitLevel { out.append("  " + (vi ? "Mức hưởng: " : "Benefit:   ") + "\(level.rawValue) (\(level.percent)%)") }
        }
        for f in v.findings {
            out.append("  \(f.severity == .error ? "✘" : "!") \(ReasonText.summary(f.code, lang)) [\(f.code.rawValue)]")
        }
        return out.joined(separator: "\n")
    }

    static func counts(_ c: [VerdictStatus: Int], _ lang: Language) -> String {
        let parts = VerdictStatus.allCases.map { "\($0.label(lang).lowercased()) \(c[$0, default: 0])" }
        return (lang == .vi ? "Hôm nay: " : "Today: ") + parts.joined(separator: " · ")
    }
}
