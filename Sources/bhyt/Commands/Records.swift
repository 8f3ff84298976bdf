import ArgumentParser
import BHYTCard
import BHYTDesk
import BHYTJSON
import BHYTRecords
import BHYTRecordsPostgres

struct Records: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check-in records in a database (SQLite or PostgreSQL): check that none was edited, export them, import check-in logs.",
        discussion: """
            `bhyt scan --records sqlite:PATH` keeps a record of every check-in. Each record carries \
            the hash of the one before it: `records verify` finds a record edited, inserted or \
            deleted in the database.
            """,
        subcommands: [RecordsVerify.self, RecordsReport.self, RecordsExport.self, RecordsImport.self])
}

/// `--records`: where the check-in records are — `sqlite:PATH` (one desk, a file) or
/// `postgres://USER@HOST:PORT/DATABASE` (a site with several desks; the password in
/// `PGPASSWORD`); `none` for no records. Without the option: `records.sqlite` in the state
/// directory.
struct RecordsLocation: ExpressibleByArgument, Sendable {
    enum Kind: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
        case none
    }
    let kind: Kind

    init(kind: Kind) { self.kind = kind }

    /// The records when no `--records` is given: `records.sqlite` in the state directory (`none`
    /// when there is no state directory to be had).
    static var standard: RecordsLocation {
        RecordsLocation(kind: StateDirectory.path.map { .sqlite(path: $0 + "/records.sqlite") } ?? .none)
    }

    init?(argument: String) {
        if argument == "none" {
            kind = .none
            return
        }
        // Anything meant as PostgreSQL is taken as such, so that a malformed URL is refused by
        // our own message — which never repeats a password — not echoed by the option parser.
        if argument.hasPrefix("postgres:") || argument.hasPrefix("postgresql:") {
            kind = .postgres(url: argument)
            return
        }
        for prefix in ["sqlite://", "sqlite:"] where argument.hasPrefix(prefix) {
            let path = String(argument.dropFirst(prefix.count))
            guard !path.isEmpty else { return nil }
            kind = .sqlite(path: path)
            return
        }
        return nil
    }

    static var defaultCompletionKind: CompletionKind { .file() }

    /// Opens the records (`nil` for `none`), or says why not (and exits 2). PostgreSQL records
    /// keep check-ins made while the server is down in `spool` (by default a file in the state
    /// directory).
    func open(_ command: String, _ lang: Language, spool: String? = nil) throws -> (any CheckInStore)? {
        do {
            switch kind {
            case .none:
                return nil
            case .sqlite(let path):
                return try CheckInRecords(path: path)
            case .postgres(let url):
                return try PostgresCheckInRecords(url: url, spoolPath: spool, environment: Environment.values(["PGPASSWORD"]))
            }
        } catch {
            Console.error("bhyt \(command): " + (lang == .vi ? "không mở được sổ tiếp đón: " : "") + error.description)
            throw ExitCode(2)
        }
    }

    /// The spool file for PostgreSQL records: `--records-spool`, else `records-spool.sqlite` in
    /// the state directory; `nil` for SQLite records (nothing to spool).
    func spoolPath(_ option: String?) -> String? {
        guard case .postgres = kind else { return nil }
        return option ?? StateDirectory.path.map { $0 + "/records-spool.sqlite" }
    }
}

struct RecordsOption: ParsableArguments {
    @Option(name: .customLong("records"), help: ArgumentHelp("The check-in records: sqlite:PATH (an SQLite file) or postgres://USER@HOST:PORT/DATABASE (password in PGPASSWORD); default: records.sqlite in the state directory ($XDG_STATE_HOME/bhyt).", valueName: "URL"))
    var location: RecordsLocation?

    /// The records named (or the default ones), opened; exits 2 when there are none. Only
    /// `create` (import) makes an SQLite file that is not there: reading a file that does not
    /// exist would report an empty, untouched chain.
    func open(_ command: String, _ lang: Language, create: Bool = false) throws -> any CheckInStore {
        let chosen = location ?? .standard
        if case .sqlite(let path) = chosen.kind, !create, !Files.exists(path) {
            Console.error("bhyt \(command): " + (lang == .vi
                ? "không có sổ tiếp đón ở \(path): hãy nêu --records sqlite:ĐƯỜNG-DẪN (dịch vụ đã cài giữ sổ ở /var/lib/bhyt/records.sqlite) hoặc --records postgres://…"
                : "no check-in records at \(path): give --records sqlite:PATH (the installed service keeps them in /var/lib/bhyt/records.sqlite) or --records postgres://…"))
            throw ExitCode(2)
        }
        guard let store = try chosen.open(command, lang) else {
            Console.error("bhyt \(command): " + (lang == .vi ? "không có sổ tiếp đón: hãy nêu --records sqlite:ĐƯỜNG-DẪN hoặc --records postgres://…" : "no check-in records: give --records sqlite:PATH or --records postgres://…"))
            throw ExitCode(2)
        }
        return store
    }
}

struct RecordsVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every record against the hash chain; name the first one that was edited, inserted or deleted.",
        discussion: "Exit status: 0 the chain holds; 1 a record does not (named); 2 the records cannot be read.")

    @OptionGroup var records: RecordsOption
    @Flag(help: "One JSON object: {\"holds\", \"records\", \"brokenAt\", \"reason\"}.")
    var json = false
    @OptionGroup var language: LanguageOption

    func run() throws {
        let lang = language.language, vi = lang == .vi
        let store = try records.open("records verify", lang)
        let check: ChainCheck
        do {
            check = try store.verifyChain()
        } catch {
            Console.error("bhyt records verify: \(error)")
            throw ExitCode(2)
        }
        if json {
            var w = JSONWriter()
            w.beginObject()
            switch check {
            case .holds(let n):
                w.key("holds"); w.bool(true)
                w.member("records", Int64(n))
                w.member("brokenAt", nil as Int64?)
                w.member("reason", nil as String?)
            case .broken(let id, let reason):
                w.key("holds"); w.bool(false)
                w.member("records", nil as Int64?)
                w.member("brokenAt", id)
                w.member("reason", reason)
            }
            w.endObject()
            Console.out(String(decoding: w.bytes, as: UTF8.self))
        } else {
            switch check {
            case .holds(let n):
                Console.out(vi ? "Chuỗi băm nguyên vẹn: \(n) bản ghi, không bản ghi nào bị sửa." : "The chain holds: \(n) records, none edited.")
            case .broken(let id, let reason):
                Console.out(vi ? "Bản ghi \(id) không khớp chuỗi băm (chi tiết: \(reason))." : "Record \(id) breaks the chain: \(reason).")
            }
        }
        if case .broken = check { throw ExitCode(1) }
    }
}

struct RecordsReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "A day's check-ins counted: the total, and by status, reason code, desk and hour (Vietnam time).",
        discussion: "A repeat scan of the same card within the repeat window is not a check-in and is not counted.")

    @OptionGroup var records: RecordsOption
    @Option(help: ArgumentHelp("The day (YYYY-MM-DD, Vietnam time); default today.", valueName: "YYYY-MM-DD"))
    var day: String?
    @Flag(help: "One JSON object: {\"day\", \"total\", \"byStatus\", \"byCode\", \"byDesk\", \"byStaff\", \"byHour\"}.")
    var json = false
    @Flag(help: "CSV rows kind,key,count (a header row first).")
    var csv = false
    @OptionGroup var language: LanguageOption

    func validate() throws {
        if let day, CardDate(isoText: day) == nil {
            throw ValidationError(language.language == .vi ? "--day phải là ngày YYYY-MM-DD" : "--day must be a date YYYY-MM-DD")
        }
        if json && csv { throw ValidationError(language.language == .vi ? "chọn --json hoặc --csv, không cả hai" : "give --json or --csv, not both") }
    }

    func run() throws {
        let lang = language.language, vi = lang == .vi
        let store = try records.open("records report", lang)
        let report: DayReport
        do {
            report = try store.report(day: day ?? CheckInLog.day(Clock.wallSeconds))
        } catch {
            Console.error("bhyt records report: \(error)")
            throw ExitCode(2)
        }
        let groups: [(String, String, [(String, Int)])] = [
            ("status", vi ? "Theo kết quả" : "By status", report.byStatus.sorted { $0.key < $1.key }),
            ("code", vi ? "Theo mã lý do" : "By reason code", report.byCode.sorted { $0.key < $1.key }),
            ("desk", vi ? "Theo quầy" : "By desk", report.byDesk.sorted { $0.key < $1.key }),
            ("staff", vi ? "Theo nhân viên" : "By staff", report.byStaff.sorted { $0.key < $1.key }),
            ("hour", vi ? "Theo giờ" : "By hour", report.byHour.sorted { $0.key < $1.key }.map { ($0.key < 10 ? "0\($0.key)" : "\($0.key)", $0.value) }),
        ]
        if json {
            Console.out(report.jsonText)
        } else if csv {
            Console.out("kind,key,count")
            Console.out("total,,\(report.total)")
            for (kind, _, rows) in groups { for (k, n) in rows { Console.out("\(kind),\(RecordsCSV.cell(k)),\(n)") } }
        } else {
            var lines = [vi ? "Báo cáo tiếp đón ngày \(report.day): \(report.total) lượt" : "Check-ins on \(report.day): \(report.total)"]
            for (_, title, rows) in groups where !rows.isEmpty {
                lines.append("")
                lines.append(title)
                for (k, n) in rows { lines.append("  \(k)  \(n)") }
            }
            Console.out(TerminalText.lines(lines))
        }
    }
}

struct RecordsExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the records in order: JSON lines (the check-in log's format, as `bhyt scan --log` writes) or CSV.")

    @OptionGroup var records: RecordsOption
    /// The format (`--jsonl`, the default, or `--csv`).
    enum Format: String, EnumerableFlag {
        case jsonl, csv

        static func help(for value: Format) -> ArgumentHelp? {
            switch value {
            case .jsonl: "JSON lines, the check-in log's format."
            case .csv: "CSV (RFC 4180; a header row), for a spreadsheet."
            }
        }
    }

    @Flag var format: Format = .jsonl
    @OptionGroup var language: LanguageOption

    func run() throws {
        let csv = format == .csv
        let store = try records.open("records export", language.language)
        if csv { Console.out(RecordsCSV.header) }
        do {
            try store.forEach { id, desk, entry in
                Console.out(csv ? RecordsCSV.row(id: id, desk: desk, entry: entry) : entry)
            }
        } catch {
            Console.error("bhyt records export: \(error)")
            throw ExitCode(2)
        }
    }
}

struct RecordsImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Append check-in logs (JSON lines, as `bhyt scan --log` and `bhyt serve --log` write) to the records, in order.",
        discussion: "A line that is no check-in entry is refused with its number, and nothing of that file is imported.")

    @OptionGroup var records: RecordsOption
    @Option(help: ArgumentHelp("The desk the logs came from.", valueName: "NAME"))
    var desk: String = "import"
    @Argument(help: ArgumentHelp("Check-in logs (JSON lines).", valueName: "FILE.jsonl"))
    var files: [String]
    @OptionGroup var language: LanguageOption

    func run() throws {
        let lang = language.language, vi = lang == .vi
        let store = try records.open("records import", lang, create: true)
        var total = 0
        for file in files {
            let bytes: [UInt8]
            do {
                bytes = try FileBytes.contents(of: file, limit: CheckInLog.maximumDayBytes * 16, language: lang)
            } catch {
                Console.error("bhyt records import: \(error)")
                throw ExitCode(2)
            }
            var text = String(decoding: bytes, as: UTF8.self)
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            // Lines end in LF or CR LF ("\r\n" is one Character, a newline).
            let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
            // Every line is checked before any is appended: a file is imported whole or not at all.
            var entries: [String] = []
            for (i, line) in lines.enumerated() where !line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                guard CheckInFields.isEntry(line) else {
                    Console.error(vi ? "bhyt records import: \(file):\(i + 1): không phải mục của nhật ký tiếp đón; không nhập gì từ tệp này"
                                     : "bhyt records import: \(file):\(i + 1): not a check-in log entry; nothing of this file imported")
                    throw ExitCode(1)
                }
                entries.append(line)
            }
            do {
                for entry in entries { try store.append(entry: entry, desk: desk) }
            } catch {
                Console.error("bhyt records import: \(error)")
                throw ExitCode(2)
            }
            total += entries.count
        }
        Console.error(vi ? "đã nhập \(total) lượt tiếp đón vào \(store.location)" : "imported \(total) check-ins into \(store.location)")
    }
}

/// The records as CSV (RFC 4180): one row a check-in. A cell a spreadsheet would take for a
/// formula (starting with = + - @, a tab or a carriage return) is prefixed with an apostrophe.
enum RecordsCSV {
    static let header = "id,desk,scannedAt,day,status,code,codeAuthenticated,repeat,reasons"

    static func row(id: Int64, desk: String, entry: String) -> String {
        let json = try? JSONParser.parse(entry)
        let verdict = json?["verdict"]
        var reasons: [String] = []
        if case .array(let list)? = verdict?["reasons"] { reasons = list.compactMap { $0["code"]?.stringValue } }
        func flag(_ v: JSONValue?) -> String { if case .bool(let b)? = v { return b ? "true" : "false" } else { return "" } }
        var scanned = ""
        if case .int(let t)? = json?["scannedAt"] { scanned = String(t) }
        let cells = [String(id), desk, scanned, json?["day"]?.stringValue ?? "", verdict?["status"]?.stringValue ?? "",
                     json?["code"]?.stringValue ?? "", flag(json?["codeAuthenticated"]), flag(json?["repeat"]), reasons.joined(separator: " ")]
        return cells.map(cell).joined(separator: ",")
    }

    static func cell(_ s: String) -> String {
        var s = s
        if let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { s = "'" + s }
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
