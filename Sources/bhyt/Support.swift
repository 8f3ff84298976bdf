import ArgumentParser
import BHYTCard
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--lang vi|en`, defaulting from the locale (LC_ALL, LC_MESSAGES, LANG): Vietnamese for `vi*`.
struct LanguageOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Output language: vi or en (default from the locale: vi for a Vietnamese locale).", valueName: "vi|en"))
    var lang: Language?

    var language: Language {
        if let lang { return lang }
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

/// Standard error, unbuffered.
enum Console {
    static func error(_ s: String) {
        var line = s
        if !line.hasSuffix("\n") { line += "\n" }
        let bytes = Array(line.utf8)
        bytes.withUnsafeBufferPointer { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }

    /// Whether standard output is a terminal (colour only then).
    static var stdoutIsTerminal: Bool { isatty(1) == 1 }
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Writes to stdout, buffered (batch output; call ``flush()`` at the end).
    static func emit(_ s: String) {
        print(s, terminator: "")
    }

    static func flush() { fflush(nil) }

    /// Writes to stdout and flushes, so that a pipe sees each line as it is made.
    static func out(_ s: String) {
        print(s)
        fflush(nil)
    }
}
