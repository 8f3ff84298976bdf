import BHYTRecords
import PostgresNIO

/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` (or `postgresql://`), as `--records` takes
/// it. The password may come from `PGPASSWORD` instead, so that it is not on a command line
/// other users can list. Connections are unencrypted: keep the server on loopback or the
/// site's own network.
struct PostgresURL {
    let configuration: PostgresConnection.Configuration
    /// The URL without its password, for messages.
    let display: String

    init(_ url: String, environment: [String: String]) throws(RecordsError) {
        let usage = "postgres://USER@HOST:PORT/DATABASE"
        // Messages never repeat the URL as given: it may hold a password.
        guard let rest = ["postgres://", "postgresql://"].first(where: url.hasPrefix).map({ String(url.dropFirst($0.count)) }) else {
            throw RecordsError(description: "not a PostgreSQL URL (\(usage))")
        }
        guard !rest.contains("?") && !rest.contains("#") else {
            throw RecordsError(description: "a PostgreSQL URL here takes no options (?sslmode=… and the like): connections are not encrypted, so keep the server on the site's own network; give \(usage)")
        }
        guard let at = rest.lastIndex(of: "@"), let slash = rest[at...].firstIndex(of: "/") else {
            throw RecordsError(description: "a PostgreSQL URL needs a user, a host and a database: \(usage)")
        }
        let credentials = rest[..<at], hostPort = rest[rest.index(after: at)..<slash]
        let database = String(rest[rest.index(after: slash)...])
        let user = String(credentials.prefix { $0 != ":" })
        let password = credentials.contains(":") ? String(credentials.drop { $0 != ":" }.dropFirst()) : environment["PGPASSWORD"]
        var host = String(hostPort), port = 5432
        if let colon = hostPort.lastIndex(of: ":") {
            guard let p = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(p) else {
                throw RecordsError(description: "the port of the PostgreSQL URL is not a number from 1 to 65535")
            }
            host = String(hostPort[..<colon])
            port = p
        }
        guard !user.isEmpty, !host.isEmpty, !database.isEmpty else {
            throw RecordsError(description: "a PostgreSQL URL needs a user, a host and a database: \(usage)")
        }
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: Self.decoded(user),
                                                             password: password.map(Self.decoded), database: Self.decoded(database), tls: .disable)
        // A desk must not wait long on a server that does not answer: its check-ins are spooled.
        configuration.options.connectTimeout = .seconds(3)
        self.configuration = configuration
        display = "postgres://\(user)@\(host):\(port)/\(database)"
    }

    /// `%XX` escapes undone (a user or password with `@` or `:` in it).
    static func decoded(_ s: String) -> String {
        var out: [UInt8] = []
        var bytes = Array(s.utf8)[...]
        while let b = bytes.popFirst() {
            if b == UInt8(ascii: "%"), bytes.count >= 2, let v = UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16) {
                out.append(v)
                bytes = bytes.dropFirst(2)
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The server's own words for an error (PostgresNIO's description hides them).
    static func reason(_ error: any Error) -> String {
        if let e = error as? PSQLError {
            if let message = e.serverInfo?[.message] { return message }
            if let underlying = e.underlying { return "\(underlying)" }
            return "\(e.code)"
        }
        return "\(error)"
    }
}
