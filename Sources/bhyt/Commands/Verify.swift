import ArgumentParser
import BHYTCard
import BHYTCOSE
import BHYTDesk
import BHYTJSON
import BHYTVerifier

/// The options verify, scan and serve share: trust, revocations, roots, staleness, time, facility.
struct VerificationOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Trust list of issuer keys (JWK Set, or signed by the root key). Without it no signed card can be valid.", valueName: "FILE"))
    var trust: String?

    @Option(help: ArgumentHelp("Revocation list (one 10-digit number or 15-character card code a line, optional date; or signed by the root key).", valueName: "FILE"))
    var revoked: String?

    @Option(name: .customLong("root"), help: ArgumentHelp("The agency's root public key (PEM); repeat for a rotation. With it, --trust and --revoked must be lists it signed, and a reload (serve) never takes a lower seq.", valueName: "ROOT.pub.pem"))
    var roots: [String] = []

    @Option(name: .customLong("max-stale"), help: ArgumentHelp("How long after its exp a signed list is still used, with a warning (default 30d; 0 for none). After that, signed cards are UNVERIFIED (TRUST_LIST_EXPIRED).", valueName: "DURATION"))
    var maxStale: DurationArgument?

    @Option(help: ArgumentHelp("Verify as of this date or time (Vietnam time unless an offset is given); default now.", valueName: "DATE-OR-TIME"))
    var at: TimeArgument?

    @Option(help: ArgumentHelp("This clinic's 5-character facility code: cards registered elsewhere get FACILITY_ELSEWHERE (empty: none).", valueName: "CODE"))
    var facility: String?

    func validate() throws {
        if let facility, !facility.isEmpty, FacilityCode(facility) == nil { throw ValidationError("--facility must be a facility code like 79024 or '79 - 024'") }
    }

    /// Loads the files; any problem is an I/O error (exit 2) with a message saying what to fix.
    func settings(now: Int64, lang: Language = .en) throws -> VerificationSettings {
        do {
            let roots = try ListFiles.roots(at: self.roots, language: lang)
            let (lists, warnings) = try ListFiles.load(trust: trust, revoked: revoked, roots: roots, language: lang)
            for w in warnings { Console.error(w) }
            return lists.settings(time: at?.seconds ?? now, facility: facility.flatMap(FacilityCode.init),
                                  maximumStaleness: maxStale?.seconds ?? VerificationSettings.defaultMaximumStaleness)
        } catch {
            Console.error("bhyt: \(error)")
            throw ExitCode(2)
        }
    }
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify cards: a clear verdict per card, with stable reason codes.",
        discussion: """
            INPUT is card QR text, an image (PNG or JPEG, read by its content), a text file (one card \
            a line), or - for standard input (a scanner, or an HIS keeping the process open: each \
            line is answered as soon as it arrives). Text is card text when it starts with BHXH1: or \
            has | separators; anything else is a file name. Signed cards (BHXH1:) are checked \
            against --trust; legacy cards can at best be UNVERIFIED, since nothing in them can be \
            authenticated offline. \
            With --root (the agency's root public key), --trust and --revoked must be lists that root \
            signed (bhyt trust sign, bhyt revocation sign); a signed list past its exp warns \
            (TRUST_LIST_STALE), and past exp + --max-stale leaves signed cards UNVERIFIED (TRUST_LIST_EXPIRED).
            Output: for people, or --json (one object a line, in input order; docs/VERIFYING.md). \
            A summary (counts per status and per code) goes to stderr.
            Exit status: 0 all valid; 1 any invalid; 4 none invalid but some unreadable (scan again); \
            3 none invalid or unreadable but some unverified; 2 usage or I/O error.
            """)

    @OptionGroup var options: VerificationOptions

    @Flag(help: "One JSON object a line (docs/VERIFYING.md).")
    var json = false

    @Option(help: ArgumentHelp("Worker threads (default: the number of cores).", valueName: "N"))
    var threads: Int?

    @Option(name: .customLong("id"), help: ArgumentHelp("The QR text of the citizen ID (CCCD) the patient shows: each card is compared with it (identity: holder, guardian or mismatch; ID_MISMATCH is an error). Empty: none.", valueName: "CCCD-TEXT"))
    var id: String?

    @OptionGroup var language: LanguageOption

    @Argument(help: ArgumentHelp("Card text, image files, text files, or - for stdin.", valueName: "INPUT"))
    var inputs: [String] = []

    func validate() throws {
        if let threads, threads < 1 || threads > 256 { throw ValidationError("--threads must be 1–256") }
    }

    /// What a worker hands back for one input: the verdict's gist for the summary, and its line(s).
    struct Result: Sendable {
        let status: VerdictStatus?
        let codes: [ReasonCode]
        let bytes: [UInt8]
        let ioError: String?
    }

    func run() throws {
        let lang = language.language
        let verifier = Verifier(settings: try options.settings(now: Clock.wallSeconds, lang: lang))
        if options.trust == nil {
            Console.error(lang == .vi ? "bhyt verify: chưa có --trust (danh sách tin cậy): không thẻ có chữ ký nào có thể hợp lệ (KEY_UNKNOWN)"
                                      : "bhyt verify: no --trust (trust list): no signed card can be valid (KEY_UNKNOWN)")
        } else if verifier.settings.trust.keys.isEmpty {
            Console.error(lang == .vi ? "bhyt verify: danh sách tin cậy \(options.trust ?? "") không có khóa nào dùng được"
                                      : "bhyt verify: the trust list \(options.trust ?? "") has no usable key")
        }
        let colour = Console.stdoutIsTerminal
        let json = self.json
        let jsonLanguage = language.machine
        let reader = InputReader(arguments: inputs, language: lang, answersEveryStdinLine: true)
        let id = self.id.flatMap { $0.isEmpty ? nil : $0 }  // empty: no ID shown (a template can always pass it)
        let out = OutputBuffer()
        var summary = VerifySummary()
        var ioErrors = 0
        var progress = Progress("verify", every: 10000)
        OrderedPipeline.run(threads: threads ?? Machine.cores, source: { reader.next() }, transform: { item -> Result in
            guard let verdict = verifier.verdict(for: item, id: id) else {
                if case .unreadable(let why) = item.content { return Result(status: nil, codes: [], bytes: [], ioError: why) }
                return Result(status: nil, codes: [], bytes: [], ioError: item.origin)
            }
            var bytes: [UInt8]
            if json {
                var w = JSONWriter(capacity: 1536)
                verdict.writeJSON(to: &w, jsonLanguage, input: item.origin)
                bytes = w.bytes
            } else {
                bytes = Array(VerdictText.render(verdict, origin: item.origin(lang), lang: lang, colour: colour).utf8)
            }
            bytes.append(0x0A)
            return Result(status: verdict.status, codes: verdict.findings.map(\.code), bytes: bytes, ioError: nil)
        }, emit: { result in
            if let why = result.ioError {
                out.flush()
                Console.error("bhyt verify: \(why)")
                ioErrors += 1
                return
            }
            out.write(result.bytes)
            summary.add(status: result.status, codes: result.codes)
            progress.tick()
        }, idle: { out.flush() })
        out.flush()
        progress.finish()
        if summary.total > 1 || !Console.stdoutIsTerminal { Console.error(summary.text(lang)) }
        // Nothing verified is not "all valid": a script must not take an empty file for success.
        if summary.total == 0 && ioErrors == 0 {
            Console.error(lang == .vi ? "bhyt verify: không có thẻ nào để kiểm tra (tệp hoặc đầu vào trống)" : "bhyt verify: no card in the input (an empty file or stream)")
            throw ExitCode(2)
        }
        if ioErrors > 0 { throw ExitCode(2) }
        if summary.counts[.invalid, default: 0] > 0 { throw ExitCode(1) }
        if summary.counts[.unreadable, default: 0] > 0 { throw ExitCode(4) }
        if summary.counts[.unverified, default: 0] > 0 { throw ExitCode(3) }
    }
}

/// Counts per status and per reason code.
struct VerifySummary {
    var counts: [VerdictStatus: Int] = [:]
    var codes: [ReasonCode: Int] = [:]
    var total = 0

    mutating func add(status: VerdictStatus?, codes found: [ReasonCode]) {
        guard let status else { return }
        total += 1
        counts[status, default: 0] += 1
        for c in found { codes[c, default: 0] += 1 }
    }

    /// `summary: cards 3: valid 1, invalid 1, unverified 1; codes: …` (in Vietnamese with --lang vi;
    /// the status words and codes in brackets stay as the JSON has them, for scripts).
    func text(_ lang: Language) -> String {
        let statuses = VerdictStatus.allCases.map { "\($0.rawValue) \(counts[$0, default: 0])" }.joined(separator: ", ")
        let byCode = codes.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
        if lang == .vi {
            let words = VerdictStatus.allCases.map { "\($0.label(.vi).lowercased()) \(counts[$0, default: 0])" }.joined(separator: ", ")
            return "tổng kết: \(total) thẻ: \(words) (\(statuses))" + (byCode.isEmpty ? "" : "; mã lý do: \(byCode)")
        }
        return "summary: cards \(total): \(statuses)" + (byCode.isEmpty ? "" : "; codes: \(byCode)")
    }
}

/// The verdict for people: status word, holder's details, findings; colour only on a terminal.
/// Every line is escaped whole (``TerminalText``): a forged card's claims are shown, never obeyed.
enum VerdictText {
    static func render(_ v: Verdict, origin: String, lang: Language, colour: Bool) -> String {
        var out = Styled()
        if colour { out.code(Styled.Code.colour(for: v.status)) }
        out.line("\(v.status.mark) \(v.status.label(lang))")
        if colour { out.code(.reset) }
        out.line(" — \(origin)")
        let lines = v.holderLines(lang)
        let width = lines.map { $0.label.count }.max() ?? 0
        for (label, value) in lines {
            out.newline()
            out.line("  \(label):\(String(repeating: " ", count: width - label.count + 1))\(value)")
        }
        if let person = v.person {
            for line in CitizenIDText.lines(person, lang, full: false) {
                out.newline()
                out.line("  " + line)
            }
        }
        if let identity = v.identity {
            out.newline()
            out.line("  " + CitizenIDText.match(identity, lang))
        }
        for f in v.findings {
            let mark = f.severity == .error ? "✘" : "!"
            out.newline()
            out.line("  \(mark) \(f.code.rawValue): \(f.message(lang))")
        }
        return out.text
    }
}
