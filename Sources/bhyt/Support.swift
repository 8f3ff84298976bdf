import ArgumentParser
import BHYTCard
import BHYTDesk
import BHYTVerifier
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--lang vi|en`, defaulting from the locale (LC_ALL, LC_MESSAGES, LANG): Vietnamese for `vi*`.
struct LanguageOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Output language: vi or en (default from the locale: vi for a Vietnamese locale).", valueName: "vi|en"))
    var lang: Language?

    /// The language of machine output (JSON): `--lang` when given, else English — never the
    /// locale, so a script reads the same JSON on every machine.
    var machine: Language { lang ?? .en }

    /// The language of text for people: `--lang`, else the locale.
    var language: Language { lang ?? LanguageOption.locale }

    /// The locale's language: vi for a Vietnamese locale, else en.
    static var locale: Language {
        let env = ProcessInfoLite.environment
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let v = env[key], !v.isEmpty { return v.lowercased().hasPrefix("vi") ? .vi : .en }
        }
        return .en
    }
}

extension Language: ExpressibleByArgument {}

/// Facts about the machine.
enum Machine {
    static var cores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

/// Environment access without Foundation.
enum ProcessInfoLite {
    static var environment: [String: String] {
        var result: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") { result[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
            p += 1
        }
        return result
    }
}

/// Standard output and error for people. Every string is shown through ``TerminalText``:
/// text that came from input (a card, a file name, a list) cannot act on the terminal. Only
/// ``styled(_:)`` writes control sequences, and only the ones this program makes.
enum Console {
    static func error(_ s: String) {
        var line = TerminalText.message(s)
        if !line.hasSuffix("\n") { line += "\n" }
        let bytes = Array(line.utf8)
        bytes.withUnsafeBufferPointer { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }

    /// Whether standard output is a terminal (colour only then).
    static var stdoutIsTerminal: Bool { isatty(1) == 1 }
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Writes to stdout, buffered (batch output; call ``flush()`` at the end).
    static func emit(_ s: String) {
        print(TerminalText.message(s), terminator: "")
    }

    static func flush() { fflush(nil) }

    /// Writes to stdout and flushes, so that a pipe sees each line as it is made.
    static func out(_ s: String) {
        print(TerminalText.message(s))
        fflush(nil)
    }

    /// Writes text already made safe (its input parts through ``TerminalText``) with this
    /// program's own colours and screen clears, and flushes.
    static func styled(_ s: Styled) {
        print(s.text)
        fflush(nil)
    }
}

/// Terminal output with this program's own control sequences (colour, clearing the screen)
/// around text that was escaped when it was added: the only way a control sequence reaches
/// the terminal.
struct Styled {
    private(set) var text = ""

    enum Code: String {
        case reset = "\u{1B}[0m"
        case valid = "\u{1B}[1;32m"
        case invalid = "\u{1B}[1;31m"
        case unverified = "\u{1B}[1;33m"
        /// Amber (256-colour orange): could not read, scan again; not red, which is for what was read and is wrong.
        case unreadable = "\u{1B}[1;38;5;208m"
        case clearScreen = "\u{1B}[2J\u{1B}[H"
        case bell = "\u{07}"

        static func colour(for s: VerdictStatus) -> Code {
            switch s {
            case .valid: return .valid
            case .invalid: return .invalid
            case .unverified: return .unverified
            case .unreadable: return .unreadable
            }
        }
    }

    /// Adds one line of text (escaped whole: a line break in it is shown, not obeyed).
    mutating func line(_ s: String) { text += TerminalText.line(s) }
    mutating func newline() { text += "\n" }
    mutating func code(_ c: Code) { text += c.rawValue }

    /// This text, then a line break and `line` (escaped).
    func then(_ line: String) -> Styled {
        var copy = self
        copy.newline()
        copy.line(line)
        return copy
    }
}
