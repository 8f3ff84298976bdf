import ArgumentParser
import BHYTCard
import BHYTDesk
import BHYTRecords
import BHYTService

/// `bhyt serve`: the options, then ``VerifyService`` (all the logic is in BHYTService).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify service for HIS and the front-desk web page (HTTP, JSON; docs/SERVICE.md, docs/openapi.yaml).",
        discussion: """
            POST /v1/verify {"text": …} | {"texts": […]} | a PNG/JPEG image → verdicts as verify --json; \
            POST /v1/inspect; GET /v1/status, /healthz, /metrics; GET / is the front-desk page. \
            Lists reload on SIGHUP and when their files change; SIGTERM stops after answering the \
            requests in flight. Listens on loopback unless --host is given, which needs --token-file.
            """)

    @Option(help: ArgumentHelp("Address to listen on (another than loopback needs --token-file).", valueName: "ADDRESS"))
    var host: String = "127.0.0.1"

    @Option(help: ArgumentHelp("Port (0: any free port, printed at start).", valueName: "PORT"))
    var port: Int = 8080

    /// The lists, the verification time and the facility: declared once, with verify and scan.
    @OptionGroup var options: VerificationOptions

    @Option(help: ArgumentHelp("Check-in log (the JSON lines bhyt scan writes): every single-card verification is appended.", valueName: "FILE"))
    var log: String?

    @Option(help: ArgumentHelp("Keep every check-in in records: sqlite:PATH, or postgres://USER@HOST:PORT/DATABASE for several desks and replicas; none for no records (default: records.sqlite in the state directory: $STATE_DIRECTORY under systemd, else $XDG_STATE_HOME/bhyt). Each record is chained to the one before: `bhyt records verify` finds one edited.", valueName: "URL"))
    var records: RecordsLocation?

    @Option(name: .customLong("records-spool"), help: ArgumentHelp("With PostgreSQL records: where check-ins wait while the server cannot be reached (default: records-spool.sqlite in the state directory).", valueName: "FILE"))
    var recordsSpool: String?

    @Option(help: ArgumentHelp("This desk's name in the records.", valueName: "NAME"))
    var desk: String = "desk"

    @Option(name: .customLong("repeat-visit-window"), help: ArgumentHelp("With --records: the same signed card checked in within this time at another desk (or at this one after the repeat window) is a REPEAT_VISIT warning (default 4h; 0 for none).", valueName: "DURATION"))
    var repeatVisitWindow: DurationArgument?

    @Option(help: ArgumentHelp("File holding the Bearer token /v1/* and /metrics require (at least 16 characters).", valueName: "FILE"))
    var tokenFile: String?

    @Option(help: ArgumentHelp("The staff who may call the service, each with a token of their own (bhyt users add); every check-in names who made it.", valueName: "FILE"))
    var users: String?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Origins allowed to call the API from a browser (CORS).", valueName: "ORIGIN"))
    var allowOrigin: [String] = []

    @Option(help: ArgumentHelp("Default language of messages (a request may ask with ?lang= or Accept-Language).", valueName: "vi|en"))
    var lang: Language = .vi

    @Option(help: ArgumentHelp("Seconds between checks of the list files for changes (0: reload on SIGHUP only).", valueName: "SECONDS"))
    var poll: Int = 5

    @Option(help: ArgumentHelp("Threads verifying (CPU-bound work, off the network threads; default: the number of cores).", valueName: "N"))
    var workers: Int?

    @Option(help: ArgumentHelp("Verifications queued or running at once; more are refused with 429 BUSY.", valueName: "N"))
    var maxQueued: Int = 64

    @Option(name: .customLong("connections-per-client"), help: ArgumentHelp("Connections one client address may use for any request; beyond it only /healthz and requests with the token are served, beyond four times it connections are closed (raise it behind a reverse proxy, whose connections all come from one address).", valueName: "N"))
    var connectionsPerClient: Int = 32

    @Option(name: .customLong("header-timeout"), help: ArgumentHelp("Seconds a client has to send a request's headers after connecting or after the previous response; then the connection is closed.", valueName: "SECONDS"))
    var headerTimeout: Int = 5

    @Option(name: .customLong("max-shrink"), help: ArgumentHelp("Percent of its entries a plain (unsigned) revocation list may lose in one reload; a list that shrinks more is refused and the old one kept (sign short lists).", valueName: "PERCENT"))
    var maxShrink: Int = 25

    func validate() throws {
        guard (0...100).contains(maxShrink) else { throw ValidationError("--max-shrink must be 0–100 (percent)") }
        guard (1...100_000).contains(connectionsPerClient) else { throw ValidationError("--connections-per-client must be 1–100000") }
        guard (1...300).contains(headerTimeout) else { throw ValidationError("--header-timeout must be 1–300 seconds") }
        if let workers, !(1...256).contains(workers) { throw ValidationError("--workers must be 1–256") }
        guard (1...100_000).contains(maxQueued) else { throw ValidationError("--max-queued must be 1–100000") }
        guard options.trust != nil else { throw ValidationError("--trust is required: the service verifies signed cards against it") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0–65535") }
        guard poll >= 0 else { throw ValidationError("--poll must be 0 or more seconds") }
    }

    func run() async throws {
        var token: [UInt8]?
        if let tokenFile {
            do {
                let bytes = try FileBytes.contents(of: tokenFile, limit: 4096, language: lang)
                let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: " \t\n\r")  // not "\r\n": one Character
                token = Array(text.utf8)
            } catch {
                Console.error("bhyt serve: \(error)")
                throw ExitCode(2)
            }
        }
        var configuration = ServiceConfiguration(
            host: host, port: port, trustPath: options.trust ?? "", revokedPath: options.revoked, facility: options.facility.flatMap(FacilityCode.init),
            logPath: log, token: token, allowedOrigins: allowOrigin, fixedTime: options.at?.seconds, language: lang, pollSeconds: poll,
            limits: ServiceLimits(maximumQueued: maxQueued, workerThreads: workers ?? Machine.cores, headerSeconds: headerTimeout,
                                  connectionsPerClient: connectionsPerClient,
                                  maximumConnections: max(512, connectionsPerClient * 4 + 128)))
        if let users {
            do {
                configuration.staff = try StaffDirectory(fileText: try Files.read(users))
            } catch {
                Console.error("bhyt serve: --users: " + ErrorText.error(error, lang))
                throw ExitCode(2)
            }
        }
        let location = records ?? .standard
        configuration.records = try location.open("serve", lang, spool: location.spoolPath(recordsSpool))
        configuration.deskName = desk
        if let repeatVisitWindow { configuration.repeatVisitWindow = repeatVisitWindow.seconds }
        if let maxStale = options.maxStale { configuration.maximumStaleness = maxStale.seconds }
        configuration.maximumRevocationShrink = Double(maxShrink) / 100
        do {
            configuration.roots = try ListFiles.roots(at: options.roots, language: lang)
        } catch {
            Console.error("bhyt serve: \(error)")
            throw ExitCode(2)
        }
        let service: VerifyService
        do {
            service = try VerifyService(configuration: configuration)
        } catch {
            Console.error("bhyt serve: \(error)")
            throw ExitCode(2)
        }
        for warning in service.warnings { Console.error("bhyt serve: " + warning) }
        do {
            try await service.run()
        } catch {
            Console.error("bhyt serve: \(error)")
            throw ExitCode(2)
        }
    }
}
