/// The service's routes and the methods each allows: what the router serves, what a wrong
/// method is told (405 with `Allow`), and the only path names logs and metrics ever hold.
enum Routes {
    static let table: [String: String] = [
        "/": "GET", "/desk.js": "GET", "/desk.css": "GET",
        "/healthz": "GET", "/metrics": "GET",
        "/v1/verify": "POST", "/v1/inspect": "POST", "/v1/status": "GET",
    ]

    /// The route a path is (for logs and metrics), or `unmatched`: a raw path may hold anything.
    static func name(_ path: String) -> String { table[path] != nil ? path : "unmatched" }

    /// Whether a path needs the Bearer token (when the service has one).
    static func needsToken(_ path: String) -> Bool { path.hasPrefix("/v1/") || path == "/metrics" }
}
