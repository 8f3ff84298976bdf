import BHYTCOSE
import BHYTCard
import BHYTDesk
import BHYTImage
import BHYTJSON
import BHYTRecords
import BHYTVerifier
import HTTPTypes
import Hummingbird

/// The API's endpoints (docs/openapi.yaml): each reads its request strictly, runs the
/// verifier (or inspection) on the work pool, and answers the documented JSON.
struct APIHandlers: Sendable {
    let configuration: ServiceConfiguration
    let reloader: ListReloader
    let pool: WorkPool
    let desk: CheckInDesk
    let metrics: ServiceMetrics
    let clock: ServiceClock

    /// The verifier for a request now: the lists in force, the time now (or `--at`).
    private func verifier(time: Int64) -> Verifier { Verifier(settings: reloader.lists.settings(time: time)) }

    /// `POST /v1/verify`: one text, a batch of texts, or an image (PNG or JPEG).
    func verify(_ request: Request, context: some RequestContext) async throws -> Response {
        let lang = try RequestReading.language(request, default: configuration.language)
        let limits = configuration.limits
        let time = clock.now
        let verifier = verifier(time: time)
        switch RequestReading.mediaType(request) {
        case "application/json":
            let bytes = try await RequestReading.body(request, limit: limits.batchBody, seconds: limits.bodySeconds)
            switch try RequestReading.texts(try RequestReading.jsonObject(bytes), batch: limits.batchTexts, withID: true) {
            case .one(let text, let id):
                let verdict = try await work(.texts(1)) { _ in verifier.verify(text, id: id) }
                let (scan, checked) = try await checkIn(verdict, text: text, at: time, staff: staff(request))
                return json(checked, lang, scan: scan)
            case .many(let texts):
                let body = try await work(.texts(texts.count)) { _ -> ([UInt8], [Verdict]) in
                    var w = JSONWriter(capacity: 1024 * max(1, texts.count))
                    var verdicts: [Verdict] = []
                    verdicts.reserveCapacity(texts.count)
                    w.beginObject()
                    w.key("verdicts")
                    w.beginArray()
                    for text in texts {
                        let v = verifier.verify(text)
                        v.writeJSON(to: &w, lang)
                        verdicts.append(v)
                    }
                    w.endArray()
                    w.endObject()
                    return (w.bytes, verdicts)
                }
                // A batch is an HIS checking its records, not patients at the desk: no check-ins.
                for v in body.1 { metrics.count(v) }
                return APIHandlers.jsonResponse(body.0)
            }
        case "image/png", "image/jpeg", "application/octet-stream":
            // Raw bytes (.NET's HttpClient sends octet-stream by default): the content decides.
            let bytes = try await RequestReading.body(request, limit: limits.imageBody, seconds: limits.bodySeconds)
            return try await verifyImage(bytes, verifier: verifier, lang: lang, time: time, staff: staff(request))
        case "multipart/form-data":
            // A form upload (PHP's curl with CURLFile, an HTML form): the one file part holds the picture.
            let bytes = try await RequestReading.body(request, limit: limits.imageBody + 64 << 10, seconds: limits.bodySeconds)
            let image = try RequestReading.formFile(bytes, contentType: request.headers[.contentType] ?? "", limit: limits.imageBody)
            return try await verifyImage(image, verifier: verifier, lang: lang, time: time, staff: staff(request))
        default:
            throw APIError.unsupportedMediaType("application/json ({\"text\"} or {\"texts\"}), image/png, image/jpeg, application/octet-stream or multipart/form-data (one file part)")
        }
    }

    /// One picture's verdict, checked in when a card was read in it.
    private func verifyImage(_ bytes: [UInt8], verifier: Verifier, lang: Language, time: Int64, staff: StaffMember?) async throws -> Response {
        var (text, verdict) = try await work(.image) { deadline in CardImage.read(bytes, with: verifier, deadline: deadline.earlier(ImageLimits.deadline())) }
        var scan: FrontDesk.Scan?
        if let text { (scan, verdict) = try await checkIn(verdict, text: text, at: time, staff: staff) } else { metrics.count(verdict) }
        return json(verdict, lang, scan: scan)
    }

    /// `POST /v1/inspect`: what a card's text says, as `bhyt inspect --json` writes it; no trust judgement.
    func inspect(_ request: Request, context: some RequestContext) async throws -> Response {
        let lang = try RequestReading.language(request, default: configuration.language)
        guard RequestReading.mediaType(request) == "application/json" else {
            throw APIError.unsupportedMediaType("application/json: {\"text\": \"…\"}")
        }
        let bytes = try await RequestReading.body(request, limit: configuration.limits.jsonBody, seconds: configuration.limits.bodySeconds)
        guard case .one(let text, _) = try RequestReading.texts(try RequestReading.jsonObject(bytes), batch: nil) else {
            throw APIError.requestInvalid("send {\"text\": \"…\"}")
        }
        let body = try await work(.texts(1)) { _ -> [UInt8] in
            var w = JSONWriter(capacity: 2048)
            // `input` as inspect --json has it (the schema requires it): this request.
            Inspection.inspect(text: text).writeJSON(to: &w, origin: "request", lang)
            return w.bytes
        }
        return APIHandlers.jsonResponse(body)
    }

    /// A list's signature and dates for `/v1/status`: `signed`, `iat`, `exp`, `seq`, `root`
    /// (the kid of the root that verified it, null when not checked), and `freshness`
    /// (`fresh`, `stale` after exp, `expired` after exp + the maximum staleness).
    static func writeSigned(_ info: SignedListInfo?, to w: inout JSONWriter, now: Int64, maximumStaleness: Int64) {
        w.key("signed")
        w.bool(info != nil)
        guard let info else { return }
        w.member("iat", info.validity.issuedAt)
        w.member("exp", info.validity.expires)
        w.member("seq", info.validity.sequence)
        w.member("root", info.verifiedBy.map { _ in info.rootKID })
        let freshness = now <= info.validity.expires ? "fresh"
            : now <= info.validity.expires + maximumStaleness ? "stale" : "expired"
        w.member("freshness", freshness)
    }

    /// `GET /v1/status`: the lists in force, the facility, the time used, today's check-ins.
    func status(_ request: Request, context: some RequestContext) async throws -> Response {
        let lists = reloader.lists
        let now = clock.now
        let today = await desk.today(at: now)
        var w = JSONWriter(capacity: 1024)
        w.beginObject()
        w.member("service", "bhyt serve")
        w.key("trust")
        w.beginObject()
        w.member("path", lists.trustFile.path)
        w.member("loadedAt", lists.loadedAt)
        Self.writeSigned(lists.trustInfo, to: &w, now: now, maximumStaleness: lists.maximumStaleness)
        w.member("keys", Int64(lists.trust.keys.count))
        w.key("issuers")
        w.beginArray()
        for i in lists.issuers { w.string(i) }
        w.endArray()
        w.key("warnings")
        w.beginArray()
        for warning in lists.warnings { w.string(warning) }
        w.endArray()
        w.endObject()
        w.key("revocations")
        if let r = lists.revocationFile {
            w.beginObject()
            w.member("path", r.path)
            w.member("loadedAt", lists.loadedAt)
            Self.writeSigned(lists.revocationInfo, to: &w, now: now, maximumStaleness: lists.maximumStaleness)
            w.member("entries", Int64(lists.revocations.count))
            w.endObject()
        } else {
            w.null()
        }
        w.member("facility", lists.facility?.code)
        w.key("lastReload")
        if let last = reloader.lastReload {
            w.beginObject()
            w.member("at", last.at)
            w.key("ok")
            w.bool(last.error == nil)
            w.member("error", last.error)
            w.endObject()
        } else {
            w.null()
        }
        w.member("time", now)
        w.key("timeFixed")
        w.bool(configuration.fixedTime != nil)
        w.key("checkInLog")
        w.bool(configuration.logPath != nil)
        // Who the request's token names (the desk page shows who is signed in).
        w.key("staff")
        if let member = staff(request) {
            w.beginObject()
            w.member("name", member.name)
            w.member("staffId", member.staffId)
            w.endObject()
        } else {
            w.null()
        }
        w.key("today")
        w.beginObject()
        w.member("day", today.day)
        for status in FrontDesk.checkInStatuses {
            w.key(named: status.rawValue)
            w.int(Int64(today.counts[status, default: 0]))
        }
        w.endObject()
        w.endObject()
        return APIHandlers.jsonResponse(w.bytes)
    }

    /// `GET /healthz`: `ok`, or `degraded` with the reasons. A replica that still answers every
    /// verdict rightly (the last reload failed and the old lists are in force; a signed list is
    /// past its `exp` but within the tolerated staleness) answers 200, to stay in a load
    /// balancer; one whose answers cannot be right or kept (a signed list past `exp` + the
    /// maximum staleness: no signed card can be valid; check-ins that cannot be written)
    /// answers 503, to be taken out. Check-ins spooled while the records' server is down are
    /// saved (on this machine): 200, `RECORDS_SPOOLED`.
    func health(_ request: Request, context: some RequestContext) async throws -> Response {
        let lists = reloader.lists
        let now = clock.now
        var reasons: [String] = []
        var unusable = false
        if let last = reloader.lastReload, last.error != nil { reasons.append("LISTS_RELOAD_FAILED") }
        for (info, name) in [(lists.trustInfo, "TRUST_LIST"), (lists.revocationInfo, "REVOCATION_LIST")] {
            guard let info, now > info.validity.expires else { continue }
            if now > info.validity.expires + lists.maximumStaleness {
                reasons.append(name + "_EXPIRED")
                unusable = unusable || name == "TRUST_LIST"
            } else {
                reasons.append(name + "_STALE")
            }
        }
        if await desk.writeFailing {
            reasons.append("CHECKIN_WRITE_FAILED")
            unusable = true
        }
        // Check-ins are kept on this machine until the records' server answers: answers stay right.
        if desk.spooled > 0 { reasons.append("RECORDS_SPOOLED") }
        var w = JSONWriter(capacity: 128)
        w.beginObject()
        w.member("status", reasons.isEmpty ? "ok" : "degraded")
        w.member("keys", Int64(lists.trust.keys.count))
        w.key("reasons")
        w.beginArray()
        for r in reasons { w.string(r) }
        w.endArray()
        w.endObject()
        return APIHandlers.jsonResponse(w.bytes, status: unusable ? .serviceUnavailable : .ok)
    }

    /// `GET /v1/report?day=YYYY-MM-DD`: a day's check-ins counted from the records (default
    /// today, Vietnam time): total, by status, reason code, desk and hour.
    func report(_ request: Request, context: some RequestContext) async throws -> Response {
        APIHandlers.jsonResponse(Array(try await dayReport(request).jsonText.utf8))
    }

    /// `GET /v1/report/chart.svg?day=YYYY-MM-DD&lang=vi|en`: the day's check-ins by hour as an
    /// SVG chart (the report page shows it).
    func reportChart(_ request: Request, context: some RequestContext) async throws -> Response {
        let language = try RequestReading.language(request, default: configuration.language)
        let report = try await dayReport(request)
        return Response(status: .ok, headers: [.contentType: "image/svg+xml; charset=utf-8", .cacheControl: "no-store",
                                               .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: ReportChart.svg(report, language: language))))
    }

    /// The report of the request's `day` (default today, Vietnam time) from the records.
    private func dayReport(_ request: Request) async throws -> DayReport {
        let day = request.uri.queryParameters["day"].map(String.init) ?? CheckInLog.day(clock.now)
        guard CardDate(isoText: day) != nil else { throw APIError.requestInvalid("day must be a date YYYY-MM-DD") }
        let report: DayReport?
        do {
            report = try await desk.report(day: day)
        } catch {
            throw APIError.logFailed("\(error)")
        }
        guard let report else { throw APIError.noRecords }
        return report
    }

    /// `GET /metrics`: Prometheus text.
    func metricsText(_ request: Request, context: some RequestContext) async throws -> Response {
        let body = metrics.exposition(lists: reloader.lists, now: ServiceClock.wall)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The handler of a route (``Routes/all``).
    func responder(for route: Route) -> @Sendable (Request, BasicRequestContext) async throws -> Response {
        switch route.path {
        case "/": return { _, _ in DeskPage.response(.html) }
        case "/desk.js": return { _, _ in DeskPage.response(.script) }
        case "/desk.css": return { _, _ in DeskPage.response(.style) }
        case "/report": return { _, _ in ReportPage.response(.html) }
        case "/report.js": return { _, _ in ReportPage.response(.script) }
        case "/v1/report/chart.svg": return reportChart
        case "/healthz": return health
        case "/metrics": return metricsText
        case "/v1/status": return status
        case "/v1/report": return report
        case "/v1/verify": return verify
        case "/v1/inspect": return inspect
        default: preconditionFailure("no handler for \(route.path)")
        }
    }

    // MARK: helpers

    /// Runs verification work on the pool; overload and the time limit become API errors.
    private func work<T: Sendable>(_ kind: WorkPool.Work, _ body: @escaping @Sendable (Deadline) -> T) async throws(APIError) -> T {
        do {
            return try await pool.run(kind, body)
        } catch {
            switch error {
            case .busy: throw .busy
            case .timeLimit: throw .timeLimit
            case .stopping: throw .stopping
            }
        }
    }

    /// A single-card verification: counted, and a check-in (logged with `--log`) unless it was no card.
    private func checkIn(_ verdict: Verdict, text: String, at time: Int64, staff: StaffMember?) async throws(APIError) -> (scan: FrontDesk.Scan, verdict: Verdict) {
        metrics.count(verdict)
        do {
            return try await desk.record(verdict, text: text, at: time, staff: staff.map { (id: $0.staffId, name: $0.name) })
        } catch {
            throw .logFailed(error.description)
        }
    }

    /// The staff member a request's token names (`--users`), or `nil`.
    private func staff(_ request: Request) -> StaffMember? {
        guard case .staff(let member)? = configuration.credentials.caller(request.headers[.authorization]) else { return nil }
        return member
    }

    /// The header that marks the same card scanned again within the repeat window: the time
    /// (seconds since the epoch) of its check-in, which this scan is not counted apart from.
    static let repeatOf = HTTPField.Name("BHYT-Repeat-Of")!

    private func json(_ verdict: Verdict, _ lang: Language, scan: FrontDesk.Scan? = nil) -> Response {
        var w = JSONWriter(capacity: 1536)
        verdict.writeJSON(to: &w, lang)
        var response = APIHandlers.jsonResponse(w.bytes)
        // A citizen ID completing a check-in is that check-in, not a repeat scan.
        if case .repeatScan(let first)? = scan?.outcome, verdict.identity == nil { response.headers[APIHandlers.repeatOf] = String(first) }
        return response
    }

    static func jsonResponse(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
