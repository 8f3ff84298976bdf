import BHYTVerifier
import BHYTCOSE
import BHYTCard
import BHYTRecords

/// Everything `bhyt serve` (dịch vụ kiểm tra thẻ BHYT) is started with: where it listens,
/// which list files it keeps in force, who may call it, and where check-ins are logged.
/// A value: the command line builds it, ``VerifyService`` runs it.
package struct ServiceConfiguration: Sendable {
    /// Address to bind (loopback by default; another needs ``token``).
    package var host: String
    package var port: Int
    /// Trust list file (JWK Set of issuer keys).
    package var trustPath: String
    /// Revocation list file (danh sách thẻ thu hồi), if any.
    package var revokedPath: String?
    /// This clinic's facility code (mã cơ sở KCB), if set.
    package var facility: FacilityCode?
    /// Check-in log (nhật ký tiếp đón) in the format `bhyt scan` writes; `nil`: no log.
    package var logPath: String?
    /// Check-in records (sổ tiếp đón), chained: SQLite or PostgreSQL (`--records`); `nil`: none.
    package var records: (any CheckInStore)?
    /// This desk's name in the records (`--desk`).
    package var deskName: String = "desk"
    /// Seconds within which an earlier check-in of the same card, in the records, is a repeat
    /// visit (`REPEAT_VISIT`; `--repeat-visit-window`, default 4 h).
    package var repeatVisitWindow: Int64 = 4 * 3600
    /// The Bearer token `/v1/*` and `/metrics` require, if any (read from `--token-file`).
    package var token: [UInt8]?
    /// The staff who may call the service, each with a token of their own (`--users FILE`);
    /// their check-ins name them.
    package var staff: StaffDirectory?
    /// The shared token and the staff's.
    package var credentials: ServiceCredentials { ServiceCredentials(token: token, staff: staff) }
    /// Origins allowed to call the API from a browser (CORS); none by default.
    package var allowedOrigins: [String]
    /// A fixed verification time (`--at`), for tests and demonstrations; `nil`: the clock.
    package var fixedTime: Int64?
    /// Messages' language when a request names none (Vietnamese by default).
    package var language: Language
    /// The same card again within this many seconds is a repeat, not a new check-in.
    package var repeatWindow: Int64
    /// Seconds between checks of the list files for changes (0: only on SIGHUP).
    package var pollSeconds: Int
    package var limits: ServiceLimits
    /// The agency's pinned root keys: with any, both lists must be signed by one of them.
    package var roots: [PublicKey] = []
    /// How long after its `exp` a signed list is still used, with a warning.
    package var maximumStaleness: Int64 = VerificationSettings.defaultMaximumStaleness
    /// The largest share of its entries a plain (unsigned) revocation list may lose in one
    /// reload; a list that shrinks more is refused and the old one kept (a signed list is
    /// judged by its signature and `seq` instead).
    package var maximumRevocationShrink: Double = 0.25

    package init(host: String = "127.0.0.1", port: Int = 8080, trustPath: String, revokedPath: String? = nil,
                facility: FacilityCode? = nil, logPath: String? = nil, token: [UInt8]? = nil, allowedOrigins: [String] = [],
                fixedTime: Int64? = nil, language: Language = .vi, repeatWindow: Int64 = 300, pollSeconds: Int = 5,
                limits: ServiceLimits = ServiceLimits()) {
        self.host = host
        self.port = port
        self.trustPath = trustPath
        self.revokedPath = revokedPath
        self.facility = facility
        self.logPath = logPath
        self.token = token
        self.allowedOrigins = allowedOrigins
        self.fixedTime = fixedTime
        self.language = language
        self.repeatWindow = repeatWindow
        self.pollSeconds = pollSeconds
        self.limits = limits
    }

    /// Whether ``host`` is a loopback address (only this machine can connect).
    package var isLoopback: Bool { ServiceConfiguration.isLoopback(host) }

    /// Whether `text` is a web origin as a browser sends it in `Origin`: `http://` or
    /// `https://`, a host and an optional port; no path, no wildcard.
    package static func isOrigin(_ text: String) -> Bool {
        let lower = text.lowercased()
        guard let scheme = ["https://", "http://"].first(where: lower.hasPrefix) else { return false }
        let rest = lower.dropFirst(scheme.count)
        return !rest.isEmpty && rest.allSatisfy { $0.isLetter || $0.isNumber || "-.:[]".contains($0) }
    }

    /// Whether `host` is a loopback address (`localhost`, `127.x.y.z`, `::1`).
    package static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased()
        if h == "localhost" || h == "::1" || h == "[::1]" { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}

/// The bounds every request is held to (a hostile or broken client gets a 4xx, never more work).
package struct ServiceLimits: Sendable {
    /// Largest JSON body of `/v1/inspect` and `/v1/verify` with one text.
    package var jsonBody: Int
    /// Largest JSON body of `/v1/verify` (a batch of up to ``batchTexts`` signed cards of
    /// ~600 bytes does not fit in 64 KiB).
    package var batchBody: Int
    /// Largest image body (PNG or JPEG).
    package var imageBody: Int
    /// Most texts in one batch.
    package var batchTexts: Int
    /// Verifications running or queued at once; more are refused with BUSY (429).
    package var maximumQueued: Int
    /// Threads verifying (the work is CPU-bound; it never runs on the network threads).
    package var workerThreads: Int
    /// Seconds a request may wait for its verdict before TIME_LIMIT.
    package var timeLimitSeconds: Int
    /// Seconds a client has to send its whole body.
    package var bodySeconds: Int
    /// Seconds a client has to send a request's headers, from the connection opening or the
    /// previous response ending (then the connection is closed).
    package var headerSeconds: Int
    /// Connections one client address may hold for any request; beyond it only `/healthz` and
    /// requests with the token are served, and beyond four times it connections are closed.
    package var connectionsPerClient: Int
    /// Connections open at once, from all clients.
    package var maximumConnections: Int

    package init(jsonBody: Int = 64 << 10, batchBody: Int = 1 << 20, imageBody: Int = 4 << 20, batchTexts: Int = 1000,
                maximumQueued: Int = 64, workerThreads: Int = 2, timeLimitSeconds: Int = 10, bodySeconds: Int = 10,
                headerSeconds: Int = 5, connectionsPerClient: Int = 32, maximumConnections: Int = 512) {
        self.jsonBody = jsonBody
        self.batchBody = batchBody
        self.imageBody = imageBody
        self.batchTexts = batchTexts
        self.maximumQueued = maximumQueued
        self.workerThreads = workerThreads
        self.timeLimitSeconds = timeLimitSeconds
        self.bodySeconds = bodySeconds
        self.headerSeconds = headerSeconds
        self.connectionsPerClient = connectionsPerClient
        self.maximumConnections = maximumConnections
    }
}
