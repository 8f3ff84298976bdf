import Hummingbird

/// One route of the service: its path and method, and whether it is open to anyone (the desk
/// page's files and the health check) or, when the service has a token, needs it.
struct Route: Sendable {
    let path: String
    let method: HTTPRequest.Method
    let open: Bool
}

/// The service's routes, declared once: what the router serves, what a wrong method is told
/// (405 with `Allow`), who may call each (deny by default: only routes marked open are served
/// without the token), and the only path names logs and metrics ever hold.
enum Routes {
    static let all: [Route] = [
        Route(path: "/", method: .get, open: true),
        Route(path: "/", method: .head, open: true),
        Route(path: "/desk.js", method: .get, open: true),
        Route(path: "/desk.css", method: .get, open: true),
        Route(path: "/report", method: .get, open: true),
        Route(path: "/report.js", method: .get, open: true),
        Route(path: "/healthz", method: .get, open: true),
        Route(path: "/healthz", method: .head, open: true),
        Route(path: "/metrics", method: .get, open: false),
        Route(path: "/v1/status", method: .get, open: false),
        Route(path: "/v1/report", method: .get, open: false),
        Route(path: "/v1/report/chart.svg", method: .get, open: false),
        Route(path: "/v1/verify", method: .post, open: false),
        Route(path: "/v1/inspect", method: .post, open: false),
    ]

    /// Path → the methods it allows (`GET, HEAD`), for 405 answers and CORS preflights.
    static let table: [String: String] = {
        var t: [String: [String]] = [:]
        for r in all { t[r.path, default: []].append(r.method.rawValue) }
        return t.mapValues { $0.joined(separator: ", ") }
    }()

    /// The paths served without the token. A request is judged by the route the router
    /// matched for it (``BearerAuth``), never by its raw path: `//v1//verify/` runs
    /// `/v1/verify`, and needs the token as that does.
    static let openPaths: Set<String> = Set(all.filter(\.open).map(\.path))

    /// The route name for logs and metrics: the matched route's path, or `unmatched`.
    static func name(endpoint: String?) -> String {
        guard let endpoint, table[endpoint] != nil else { return "unmatched" }
        return endpoint
    }
}
