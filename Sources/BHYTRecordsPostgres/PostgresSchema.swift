import BHYTRecords
import Logging
import PostgresNIO

/// The records' schema in PostgreSQL, version by version (a version is never changed once
/// released: a new one is added), applied at start under an advisory lock so that replicas
/// starting together apply each once.
enum PostgresSchema {
    static let migrations: [(version: Int, name: String, sql: [String])] = [
        (1, "check-ins with a hash chain; the site secret", [
            """
            CREATE TABLE checkin (
                id BIGINT PRIMARY KEY,
                scanned_at BIGINT NOT NULL,
                day TEXT NOT NULL,
                desk TEXT NOT NULL,
                status TEXT NOT NULL,
                repeat_scan BOOLEAN NOT NULL,
                code TEXT,
                code_authenticated BOOLEAN NOT NULL,
                entry TEXT NOT NULL,
                prev BYTEA NOT NULL,
                hash BYTEA NOT NULL,
                spool_key TEXT UNIQUE
            )
            """,
            "CREATE INDEX checkin_day ON checkin(day)",
            "CREATE INDEX checkin_code ON checkin(code, scanned_at)",
            "CREATE TABLE site_secret (id INT PRIMARY KEY CHECK (id = 1), secret BYTEA NOT NULL)",
        ]),
    ]

    static func migrate(_ conn: PostgresConnection, logger: Logger) throws(RecordsError) {
        func run(_ q: PostgresQuery) throws(RecordsError) -> PostgresQueryResult {
            do { return try conn.query(q, logger: logger).wait() } catch {
                throw RecordsError(description: "cannot set up the check-in records: \(PostgresURL.reason(error))")
            }
        }
        _ = try run("BEGIN")
        do throws(RecordsError) {
            _ = try run("SELECT pg_advisory_xact_lock(\(Int64(0x6268_7973)))")
            _ = try run("CREATE TABLE IF NOT EXISTS bhyt_migrations (version INT PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
            var applied = Set<Int>()
            for row in try run("SELECT version FROM bhyt_migrations") {
                if let v = try? row.decode(Int32.self) { applied.insert(Int(v)) }
            }
            for m in migrations where !applied.contains(m.version) {
                for statement in m.sql { _ = try run(PostgresQuery(unsafeSQL: statement)) }
                _ = try run("INSERT INTO bhyt_migrations (version, name) VALUES (\(Int32(m.version)), \(m.name))")
            }
            _ = try run("COMMIT")
        } catch {
            _ = try? run("ROLLBACK")
            throw error
        }
    }
}
