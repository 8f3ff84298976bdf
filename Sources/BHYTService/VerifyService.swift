import BHYTCard
import BHYTDesk
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
#if canImport(Glibc)
import Glibc
import UnixSignals
#endif

/// `bhyt serve`: the verify service and the front-desk page, on Hummingbird. Loads the lists
/// (refusing to start without them), listens, reloads lists on SIGHUP or change, and on
/// SIGTERM/SIGINT stops accepting, answers the requests in flight and returns.
package struct VerifyService: Sendable {
    package let configuration: ServiceConfiguration

    /// Why the service cannot start: a message for the operator.
    package struct StartError: Error, CustomStringConvertible {
        package let description: String
    }

    package init(configuration: ServiceConfiguration) throws(StartError) {
        let c = configuration
        guard c.port >= 0, c.port <= 65535 else { throw StartError(description: "--port must be 0–65535") }
        if !c.isLoopback, !c.credentials.required {
            throw StartError(description: c.language == .vi
                ? "lắng nghe trên \(c.host) (không phải loopback) cần --token-file hoặc --users: mọi máy trong mạng sẽ gọi được dịch vụ"
                : "listening on \(c.host) (not loopback) needs --token-file or --users: anyone on the network could call the service")
        }
        for origin in c.allowedOrigins where !ServiceConfiguration.isOrigin(origin) {
            throw StartError(description: c.language == .vi
                ? "--allow-origin \(origin) không phải một origin: hãy ghi scheme://máy[:cổng] như trình duyệt gửi, ví dụ https://his.benhvien.vn"
                : "--allow-origin \(origin) is not an origin: give scheme://host[:port] as the browser sends it, e.g. https://his.example")
        }
        if let token = c.token, token.count < 16 {
            throw StartError(description: c.language == .vi
                ? "token (--token-file) phải dài ít nhất 16 ký tự"
                : "the token (--token-file) must be at least 16 characters")
        }
        self.configuration = c
    }

    /// Warnings to print at start (binding beyond this machine).
    package var warnings: [String] {
        guard !configuration.isLoopback else { return [] }
        return [configuration.language == .vi
            ? "CẢNH BÁO: dịch vụ lắng nghe trên \(configuration.host): mọi máy trong mạng kết nối được; /v1/* cần token. Dùng HTTPS qua reverse proxy."
            : "WARNING: the service listens on \(configuration.host): other machines can connect; /v1/* needs the token. Put HTTPS in front (reverse proxy)."]
    }

    /// Runs until SIGTERM or SIGINT. `onListening` gets the bound port (useful with port 0).
    package func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let c = configuration
        let core = try ServiceCore(configuration: c)
        let oplog = core.log
        let pool = core.pool
        let reloader = core.reloader
        let router = core.router()
        let clients = ClientConnections(perClient: c.limits.connectionsPerClient)

        var logger = Logger(label: "bhyt.serve")
        logger.logLevel = .warning
        let app = Application(
            router: router,
            server: .http1(configuration: .init(
                additionalChannelHandlers: [
                    ConnectionGuard(clients: clients, headerTimeout: .seconds(Int64(c.limits.headerSeconds)), credentials: c.credentials),
                    ExpectContinueHandler(),
                ],
                idleTimeout: .seconds(60))),
            configuration: .init(address: .hostname(c.host, port: c.port), serverName: "bhyt",
                                 availableConnectionsDelegate: MaximumAvailableConnections(c.limits.maximumConnections)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? c.port
                oplog.write(event: "listening", [("host", .text(c.host)), ("port", .number(Int64(port)))])
                onListening(port)
            },
            logger: logger)
        let watcher = ListWatcher(reloader: reloader, pollSeconds: c.pollSeconds, log: oplog)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: app), .init(service: watcher)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        do {
            try await group.run()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            await pool.shutdown()
            throw StartError(description: c.language == .vi
                ? "không lắng nghe được trên \(c.host):\(c.port): cổng đang được dùng (một bhyt serve khác đang chạy?); chọn --port khác"
                : "cannot listen on \(c.host):\(c.port): the port is in use (another bhyt serve running?); choose another --port")
        } catch let error as SocketAddressError {
            await pool.shutdown()
            throw StartError(description: c.language == .vi
                ? "không lắng nghe được trên \(c.host): không phải địa chỉ của máy này (\(error))"
                : "cannot listen on \(c.host): not an address of this machine (\(error))")
        }
        // Requests in flight are answered (each check-in was fsync'd before its answer); the pool drains.
        await pool.shutdown()
        oplog.write(event: "stopped", [])
    }
}

/// What the service serves, made from its configuration: the lists (loaded, refusing to start
/// without them), the check-in desk, the work pool, the metrics, and the router with its
/// middleware and routes. ``VerifyService`` puts it behind the HTTP server; tests drive its
/// router in process (HummingbirdTesting).
package struct ServiceCore: Sendable {
    package let configuration: ServiceConfiguration
    let reloader: ListReloader
    let desk: CheckInDesk
    let pool: WorkPool
    let metrics: ServiceMetrics
    let clock: ServiceClock
    let log: OperatorLog

    package init(configuration c: ServiceConfiguration) throws(VerifyService.StartError) {
        configuration = c
        clock = ServiceClock(fixed: c.fixedTime)
        log = OperatorLog()
        do {
            reloader = try ListReloader(configuration: c, now: ServiceClock.wall)
        } catch {
            throw VerifyService.StartError(description: error.description)
        }
        for warning in reloader.lists.warnings { log.write(event: "trust-list-warning", [("warning", .text(warning))]) }
        do {
            desk = try CheckInDesk(logPath: c.logPath, records: c.records, deskName: c.deskName, repeatVisitWindow: c.repeatVisitWindow, time: clock.now, repeatWindow: c.repeatWindow)
        } catch {
            throw VerifyService.StartError(description: error.description)
        }
        if let repair = desk.repair {
            log.write(event: "checkin-log-repaired", [("partialBytes", .number(Int64(repair.bytes))), ("setAsideIn", .text(repair.setAsideIn))])
        }
        metrics = ServiceMetrics()
        pool = WorkPool(threads: c.limits.workerThreads, maximumQueued: c.limits.maximumQueued,
                        timeLimitSeconds: c.limits.timeLimitSeconds)
    }

    /// The router: the outermost middleware (errors as documented, timing, access log), CORS,
    /// the token, then every route of ``Routes``.
    package func router() -> Router<BasicRequestContext> {
        let c = configuration
        let handlers = APIHandlers(configuration: c, reloader: reloader, pool: pool, desk: desk, metrics: metrics, clock: clock)
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ServiceMiddleware(metrics: metrics, log: log))
        router.add(middleware: CORSPolicy(origins: Set(c.allowedOrigins)))
        if c.credentials.required { router.add(middleware: BearerAuth(credentials: c.credentials)) }
        for route in Routes.all {
            router.on(RouterPath(route.path), method: route.method, use: handlers.responder(for: route))
        }
        return router
    }

    /// Stops the work pool (after the requests in flight).
    package func shutdown() async { await pool.shutdown() }
}
