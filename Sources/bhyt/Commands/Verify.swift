import ArgumentParser
import BHYTCard
import BHYTCOSE
import BHYTDesk
import BHYTVerifier

/// The options verify and scan share: trust, revocations, time, facility.
struct VerificationOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Trust list of issuer keys (JWK Set). Without it no signed card can be valid.", valueName: "FILE"))
    var trust: String?

    @Option(help: ArgumentHelp("Revocation list (one 10-digit number a line, optional date).", valueName: "FILE"))
    var revoked: String?

    @Option(help: ArgumentHelp("Verify as of this date or time (Vietnam time unless an offset is given); default now.", valueName: "DATE-OR-TIME"))
    var at: TimeArgument?

    @Option(help: ArgumentHelp("This clinic's 5-character facility code: cards registered elsewhere get FACILITY_ELSEWHERE.", valueName: "CODE"))
    var facility: String?

    func validate() throws {
        if let facility, FacilityCode(facility) == nil { throw ValidationError("--facility must be a facility code like 79024 or '79 - 024'") }
    }

    /// Loads the files; any problem is an I/O error (exit 2) with a message saying what to fix.
    func settings(now: Int64) throws -> VerificationSettings {
        var settings = VerificationSettings(time: at?.seconds ?? now, facility: facility.flatMap(FacilityCode.init))
        do {
            if let trust {
                let list = try TrustList(json: try Files.read(trust))
                for p in list.problems { Console.error("warning: trust list \(trust): \(p) (left out)") }
                settings.trust = list
            }
            if let revoked {
                guard let bytes = Inputs.readBytes(revoked, limit: 1 << 30) else { throw Files.WriteError(description: "cannot read \(revoked)") }
                settings.revocations = try RevocationList(bytes: bytes)
            }
        } catch {
            Console.error("bhyt: \(error)")
            throw ExitCode(2)
        }
        return settings
    }
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify cards: a clear verdict per card, with stable reason codes.",
        discussion: """
            INPUT is card QR text, a PNG image, a file (one card a line), or - for stdin (a scanner \
            or a batch file). Signed cards (BHXH1:) are checked against --trust; legacy cards can at \
            best be UNVERIFIED, since nothing in them can be authenticated offline.
            Output: for people, or --json (one object a line, in input order; docs/VERIFYING.md). \
            A summary (counts per status and per code) goes to stderr.
            Exit status: 0 all valid; 1 any invalid; 3 none invalid but some unverified; 2 usage or I/O error.
            """)

    @OptionGroup var options: VerificationOptions

    @Flag(help: "One JSON object a line (docs/VERIFYING.md).")
    var json = false

    @Option(help: ArgumentHelp("Worker threads (default: the number of cores).", valueName: "N"))
    var threads: Int?

    @OptionGroup var language: LanguageOption

    @Argument(help: ArgumentHelp("Card text, PNG files, text files, or - for stdin.", valueName: "INPUT"))
    var inputs: [String] = []

    func validate() throws {
        if let threads, threads < 1 || threads > 256 { throw ValidationError("--threads must be 1–256") }
    }

    func run() throws {
        let verifier = Verifier(settings: try options.settings(now: Clock.wallSeconds))
        let lang = language.language
        let colour = Console.stdoutIsTerminal
        var summary = VerifySummary()
        var progress = Progress("verify", every: 10000)
        let json = self.json
        // Each worker verifies and also formats its line; the main thread only writes, in order.
        OrderedParallelMap.run(Inputs(arguments: inputs), threads: threads ?? Machine.cores) { item in
            let verdict = verify(item, with: verifier)
            let line = json ? verdict.json(lang, input: item.origin).serialized
                : VerdictText.render(verdict, origin: item.origin, lang: lang, colour: colour)
            return (verdict, line)
        } emit: { _, result in
            Console.emit(result.1 + "\n")
            summary.add(result.0)
            progress.tick()
        }
        Console.flush()
        progress.finish()
        if summary.total > 1 || !Console.stdoutIsTerminal { Console.error(summary.text) }
        if summary.total == 0 { Console.error("bhyt verify: no input") }
        if summary.counts[.invalid, default: 0] > 0 { throw ExitCode(1) }
        if summary.counts[.unverified, default: 0] > 0 { throw ExitCode(3) }
    }
}

/// One input item to a verdict (text, image, or an unreadable input).
func verify(_ item: InputItem, with verifier: Verifier) -> Verdict {
    switch item.content {
    case .text(let t), .cardJSON(let t): return verifier.verify(t)
    case .image(let path):
        guard let bytes = Inputs.readBytes(path, limit: 64 << 20) else {
            return .refused(.imageNoQR, "cannot read \(path)", time: verifier.settings.time)
        }
        return CardImage.verify(bytes, with: verifier)
    case .unreadable(let why): return .refused(.imageNoQR, why, time: verifier.settings.time)
    }
}

/// Counts per status and per reason code.
struct VerifySummary {
    var counts: [VerdictStatus: Int] = [:]
    var codes: [ReasonCode: Int] = [:]
    var total = 0

    mutating func add(_ v: Verdict) {
        total += 1
        counts[v.status, default: 0] += 1
        for f in v.findings { codes[f.code, default: 0] += 1 }
    }

    var text: String {
        let statuses = VerdictStatus.allCases.map { "\($0.rawValue) \(counts[$0, default: 0])" }.joined(separator: ", ")
        let byCode = codes.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
        return "summary: cards \(total): \(statuses)" + (byCode.isEmpty ? "" : "; codes: \(byCode)")
    }
}

/// The verdict for people: status word, holder's details, findings; colour only on a terminal.
enum VerdictText {
    static func render(_ v: Verdict, origin: String, lang: Language, colour: Bool) -> String {
        let paint = colour ? ANSI.colour(for: v.status) : ""
        let reset = colour ? ANSI.reset : ""
        var out = ["\(paint)\(v.status.mark) \(v.status.label(lang))\(reset) — \(origin)"]
        let lines = v.holderLines(lang)
        let width = lines.map { $0.label.count }.max() ?? 0
        for (label, value) in lines {
            out.append("  \(label):\(String(repeating: " ", count: width - label.count + 1))\(value)")
        }
        for f in v.findings {
            let mark = f.severity == .error ? "✘" : "!"
            out.append("  \(mark) \(f.code.rawValue): \(f.message(lang))")
        }
        return out.joined(separator: "\n")
    }
}

enum ANSI {
    static let reset = "\u{1B}[0m"
    static func colour(for s: VerdictStatus) -> String {
        switch s {
        case .valid: return "\u{1B}[1;32m"
        case .invalid: return "\u{1B}[1;31m"
        case .unverified: return "\u{1B}[1;33m"
        }
    }
}
