import ArgumentParser
import AsyncHTTPClient
import BHYTDesk
import BHYTJSON
import NIOCore
import NIOHTTP1
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct Conformance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a BHXH1 verifier, ours or another, over the conformance kit.",
        subcommands: [ConformanceRun.self])
}

struct ConformanceRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every vector of a conformance kit through a verifier and compare its verdicts with the expected ones.",
        discussion: """
            With --cmd, TEMPLATE is run once a vector, split into words as a shell would (quotes \
            and backslashes; nothing else of a shell), with {input} (the card text exactly as a \
            scanner delivers it), {trust}, {revoked} (an empty list when the vector has none), \
            {at} (RFC 3339), {cccd} (a citizen ID's QR text, empty when none) and {facility} \
            (empty when none) each put in as one argument. The input is also written to the \
            program's standard input, so `… -` works too. The program prints one JSON object \
            with `status` and `reasons[].code` (`bhyt verify --json` does). A vector passes when \
            the status is the expected one and every expected code is among the reasons; a vector \
            that needs {cccd} or {facility} is skipped when the template has no such word.
            With --url, each vector's input is POSTed as {"text", "id"} to a verify endpoint \
            (docs/openapi.yaml): only the vectors of the service profile in the kit's service.json \
            (the trust list, revocation list and time the service was started with) are run.
            Example: bhyt conformance run --kit conformance --cmd 'bhyt verify --json --trust {trust} --revoked {revoked} --at {at} {input}'
            Exit status: 0 every vector run passed; 1 a vector failed; 2 usage error or an unreadable kit.
            """)

    @Option(help: ArgumentHelp("The kit's folder (vectors.json and the lists it names).", valueName: "DIR"))
    var kit = "conformance"

    @Option(help: ArgumentHelp("The verifier's command line, with {input} {trust} {revoked} {at} {cccd} {facility}.", valueName: "TEMPLATE"))
    var cmd: String?

    @Option(help: ArgumentHelp("A verify endpoint instead (http://HOST:PORT/v1/verify).", valueName: "URL"))
    var url: String?

    @Option(help: ArgumentHelp("Seconds a vector may take (default 10).", valueName: "SECONDS"))
    var timeout: Double = 10

    @Flag(help: "Also print a line for every vector that passed.")
    var verbose = false

    func validate() throws {
        guard (cmd == nil) != (url == nil) else { throw ValidationError("give --cmd TEMPLATE or --url URL (one of them)") }
        if let cmd, (try? ConformanceTemplate(cmd)) == nil { throw ValidationError("--cmd: an unclosed quote in the template") }
        if let url, !(url.hasPrefix("http://") || url.hasPrefix("https://")) { throw ValidationError("--url must be an http:// or https:// URL") }
        guard timeout > 0, timeout <= 600 else { throw ValidationError("--timeout must be 0–600 seconds") }
    }

    func run() async throws {
        let vectors: [ConformanceVector]
        do {
            vectors = try ConformanceVector.load(kit: kit)
        } catch {
            Console.error("bhyt conformance run: \(error.message)")
            throw ExitCode(2)
        }
        var tally = ConformanceTally()
        if let cmd {
            let template = try ConformanceTemplate(cmd)
            let empty = try EmptyListFile()
            defer { empty.remove() }
            for vector in vectors {
                if let missing = template.missingPlaceholder(for: vector) {
                    tally.skip(vector, because: "the template has no \(missing)")
                    continue
                }
                let arguments = template.arguments(for: vector, kit: kit, emptyList: empty.path)
                let outcome = ChildProcess.run(arguments, input: Array((vector.input + "\n").utf8), timeoutSeconds: timeout)
                tally.record(vector, ConformanceAnswer(outcome, timeout: timeout), verbose: verbose)
            }
        } else if let url {
            let profile: ConformanceVector.ServiceProfile
            do {
                profile = try ConformanceVector.serviceProfile(kit: kit)
            } catch {
                Console.error("bhyt conformance run: \(error.message)")
                throw ExitCode(2)
            }
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            for vector in vectors {
                guard profile.covers(vector) else {
                    tally.skip(vector, because: "it needs another trust list, revocation list, time or facility than service.json's")
                    continue
                }
                let answer = await ConformanceAnswer.post(vector, to: url, client: client, timeout: timeout)
                tally.record(vector, answer, verbose: verbose)
            }
            try? await client.shutdown()
        }
        Console.out(tally.summary)
        if tally.failed > 0 { throw ExitCode(1) }
    }
}

/// An error reading the kit, said as one line.
struct ConformanceKitError: Error {
    let message: String
}

/// One vector of `vectors.json` (docs/CONFORMANCE.md).
struct ConformanceVector {
    let id: String
    let input: String
    let trust: String
    let revoked: String?
    let at: String
    let citizenID: String?
    let facility: String?
    let status: String
    let codes: [String]

    static func load(kit: String) throws(ConformanceKitError) -> [ConformanceVector] {
        let path = kit + "/vectors.json"
        guard case .array(let items) = try json(at: path) else { throw ConformanceKitError(message: "\(path): not a JSON array of vectors") }
        var vectors: [ConformanceVector] = []
        for (index, item) in items.enumerated() {
            guard let id = item["id"]?.stringValue, let input = item["input"]?.stringValue, let trust = item["trust"]?.stringValue,
                  let at = item["at"]?.stringValue, let expect = item["expect"], let status = expect["status"]?.stringValue,
                  let codes = expect["codes"]?.arrayValue?.compactMap(\.stringValue) else {
                throw ConformanceKitError(message: "\(path): vector \(index + 1) lacks id, input, trust, at or expect")
            }
            vectors.append(ConformanceVector(id: id, input: input, trust: trust, revoked: item["revoked"]?.stringValue, at: at,
                                             citizenID: item["citizenId"]?.stringValue, facility: item["facility"]?.stringValue,
                                             status: status, codes: codes))
        }
        guard !vectors.isEmpty else { throw ConformanceKitError(message: "\(path): no vectors") }
        return vectors
    }

    /// The trust list, revocation list and time a service under test was started with.
    struct ServiceProfile {
        let trust: String
        let revoked: String?
        let at: String

        func covers(_ v: ConformanceVector) -> Bool { v.trust == trust && v.revoked == revoked && v.at == at && v.facility == nil }
    }

    static func serviceProfile(kit: String) throws(ConformanceKitError) -> ServiceProfile {
        let path = kit + "/service.json"
        let value = try json(at: path)
        guard let trust = value["trust"]?.stringValue, let at = value["at"]?.stringValue else {
            throw ConformanceKitError(message: "\(path): no service profile (trust, revoked, at)")
        }
        return ServiceProfile(trust: trust, revoked: value["revoked"]?.stringValue, at: at)
    }

    private static func json(at path: String) throws(ConformanceKitError) -> JSONValue {
        let bytes: [UInt8]
        do { bytes = try FileBytes.contents(of: path, limit: 64 << 20) } catch { throw ConformanceKitError(message: error.description) }
        do { return try JSONParser.parse(bytes) } catch { throw ConformanceKitError(message: "\(path): \(error.description)") }
    }
}

/// `--cmd`'s template, split into words once.
struct ConformanceTemplate {
    let words: [String]

    init(_ text: String) throws(ConformanceKitError) {
        var words: [String] = [], word = "", inWord = false
        var quote: Character?
        var escaped = false
        for ch in text {
            if escaped { word.append(ch); escaped = false; inWord = true; continue }
            if let q = quote {
                if ch == q { quote = nil } else if ch == "\\" && q == "\"" { escaped = true } else { word.append(ch) }
                continue
            }
            switch ch {
            case "'", "\"": quote = ch; inWord = true
            case "\\": escaped = true
            case " ", "\t", "\n":
                if inWord { words.append(word); word = ""; inWord = false }
            default: word.append(ch); inWord = true
            }
        }
        guard quote == nil, !escaped else { throw ConformanceKitError(message: "unclosed quote") }
        if inWord { words.append(word) }
        guard !words.isEmpty else { throw ConformanceKitError(message: "empty template") }
        self.words = words
    }

    /// A placeholder the vector needs and the template lacks.
    func missingPlaceholder(for v: ConformanceVector) -> String? {
        if v.citizenID != nil, !words.contains(where: { $0.contains("{cccd}") }) { return "{cccd}" }
        if v.facility != nil, !words.contains(where: { $0.contains("{facility}") }) { return "{facility}" }
        return nil
    }

    func arguments(for v: ConformanceVector, kit: String, emptyList: String) -> [String] {
        let values = [("{input}", v.input), ("{trust}", kit + "/" + v.trust), ("{revoked}", v.revoked.map { kit + "/" + $0 } ?? emptyList),
                      ("{at}", v.at), ("{cccd}", v.citizenID ?? ""), ("{facility}", v.facility ?? "")]
        return words.map { word in
            // One pass over the word, so that text put in is never searched for placeholders again.
            var out = "", rest = Substring(word)
            outer: while !rest.isEmpty {
                for (name, value) in values where rest.hasPrefix(name) {
                    out += value
                    rest = rest.dropFirst(name.count)
                    continue outer
                }
                out.append(rest.removeFirst())
            }
            return out
        }
    }
}

/// What the verifier under test answered for one vector: a status and codes, or why not.
struct ConformanceAnswer {
    var status: String?
    var codes: [String] = []
    var problem: String?

    init(status: String?, codes: [String], problem: String?) {
        self.status = status
        self.codes = codes
        self.problem = problem
    }

    init(_ outcome: ChildProcess.Outcome, timeout: Double) {
        if let why = outcome.startError { self.init(status: nil, codes: [], problem: "could not start the command: \(why)"); return }
        if outcome.timedOut { self.init(status: nil, codes: [], problem: "no answer within \(timeout) s"); return }
        let stderr = String(decoding: outcome.stderr, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        self.init(body: outcome.stdout, otherwise: "exit status \(outcome.status.map(String.init) ?? "killed")" + (stderr.isEmpty ? "" : ": \(stderr)"))
    }

    /// The first line of `body` that is a JSON object with a `status`.
    init(body: [UInt8], otherwise: String) {
        for line in body.split(separator: UInt8(ascii: "\n")) {
            guard let value = try? JSONParser.parse(Array(line)), let status = value["status"]?.stringValue else { continue }
            let codes = value["reasons"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? []
            self.init(status: status, codes: codes, problem: nil)
            return
        }
        self.init(status: nil, codes: [], problem: "no JSON verdict on standard output (\(otherwise))")
    }

    static func post(_ v: ConformanceVector, to url: String, client: HTTPClient, timeout: Double) async -> ConformanceAnswer {
        var members = [JSONMember("text", .string(v.input))]
        if let id = v.citizenID { members.append(JSONMember("id", .string(id))) }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: JSONValue.object(members).serialized))
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            let body = try await response.body.collect(upTo: 1 << 20)
            return ConformanceAnswer(body: Array(body.readableBytesView), otherwise: "HTTP \(response.status.code)")
        } catch {
            return ConformanceAnswer(status: nil, codes: [], problem: "request failed: \(error)")
        }
    }
}

/// Passed, failed and skipped vectors, and the lines said about them.
struct ConformanceTally {
    var passed = 0, failed = 0
    var skipped: [String: Int] = [:]

    mutating func record(_ v: ConformanceVector, _ answer: ConformanceAnswer, verbose: Bool) {
        let expected = "\(v.status) [\(v.codes.joined(separator: " "))]"
        if let problem = answer.problem {
            failed += 1
            Console.out(TerminalText.line("FAIL \(v.id): expected \(expected); \(problem)"))
            return
        }
        let missing = v.codes.filter { !answer.codes.contains($0) }
        if answer.status == v.status && missing.isEmpty {
            passed += 1
            if verbose { Console.out(TerminalText.line("ok   \(v.id)")) }
            return
        }
        failed += 1
        var what: [String] = []
        if answer.status != v.status { what.append("status \(answer.status ?? "none") instead of \(v.status)") }
        if !missing.isEmpty { what.append("missing \(missing.joined(separator: " "))") }
        Console.out(TerminalText.line("FAIL \(v.id): \(what.joined(separator: "; ")) (got \(answer.status ?? "none") [\(answer.codes.joined(separator: " "))], expected \(expected))"))
    }

    mutating func skip(_ v: ConformanceVector, because reason: String) {
        skipped[reason, default: 0] += 1
    }

    var summary: String {
        var s = "\(passed) passed, \(failed) failed"
        for (reason, n) in skipped.sorted(by: { $0.key < $1.key }) { s += "\n\(n) skipped: \(reason)" }
        return s
    }
}

/// An empty file for `{revoked}` when a vector has no revocation list.
struct EmptyListFile {
    let path: String

    init() throws {
        var template = Array("/tmp/bhyt-conformance-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            Console.error("bhyt conformance run: cannot make a temporary file: \(String(cString: strerror(errno)))")
            throw ExitCode(2)
        }
        close(fd)
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func remove() { unlink(path) }
}
