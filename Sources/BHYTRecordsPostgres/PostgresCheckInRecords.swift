import BHYTDesk
import Dispatch
import BHYTRecords
import BHYTVerifier
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO

/// Check-in records (sổ tiếp đón) in PostgreSQL, for a site with several desks and replicas of
/// `bhyt serve`: one table, one hash chain for the whole site (appends take a transaction-scoped
/// advisory lock, so replicas extend the chain one after another), each append committed before
/// it returns. When the server cannot be reached, check-ins go to a local spool file (written
/// and synced first) and are forwarded in order once it can — each exactly once, by a key
/// written with it (``RecordsSpool``).
package final class PostgresCheckInRecords: CheckInStore {
    package let location: String
    private let configuration: PostgresConnection.Configuration
    private let spool: RecordsSpool?
    private let logger = Logger(label: "bhyt.records.postgres")
    /// One connection for appends (one transaction at a time), one for reads; each reopened
    /// after a failure.
    private let writer = NIOLockedValueBox<PostgresConnection?>(nil)
    /// Whether this process has brought the schema up to date (on its first connection).
    private let schemaReady = NIOLockedValueBox(false)
    /// When the server last could not be reached (monotonic nanoseconds): for a few seconds after,
    /// check-ins go straight to the spool instead of waiting on the server again.
    private let downSince = NIOLockedValueBox<UInt64?>(nil)
    private static let retryAfter: UInt64 = 5_000_000_000
    private let reader = NIOLockedValueBox<PostgresConnection?>(nil)
    /// The advisory lock that orders appends to the chain (any fixed number: "bhyt" in ASCII).
    private static let chainLock: Int64 = 0x6268_7974
    /// Forwards the spool every few seconds while it holds check-ins (a quiet desk too).
    private let forwarder = NIOLockedValueBox<RepeatedTask?>(nil)

    /// Connects to `url` (`postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`; the password may
    /// instead come from `PGPASSWORD`) and brings the schema up to date. With `spoolPath`,
    /// check-ins made while the server is down are kept there and forwarded later.
    package init(url: String, spoolPath: String? = nil, environment: [String: String] = [:]) throws(RecordsError) {
        let parsed = try PostgresURL(url, environment: environment)
        location = parsed.display
        configuration = parsed.configuration
        spool = try spoolPath.map { path throws(RecordsError) in try RecordsSpool(path: path) }
        // The schema is brought up to date on the first connection. With a spool, a server down
        // at start is no error: check-ins wait in the spool.
        do {
            try withWriter { _ in }
        } catch {
            if spool == nil { throw error }
        }
        if spool?.isEmpty == false { try? forwardSpool() }
        if spool != nil {
            // The timer runs on an event loop; the forwarding (which waits on the server) on a queue.
            let queue = DispatchQueue(label: "bhyt.records.spool")
            let task = MultiThreadedEventLoopGroup.singleton.next().scheduleRepeatedTask(initialDelay: .seconds(5), delay: .seconds(5)) { [weak self] _ in
                queue.async { [weak self] in
                    guard let self, self.spool?.isEmpty == false else { return }
                    try? self.forwardSpool()
                }
            }
            forwarder.withLockedValue { $0 = task }
        }
    }

    // MARK: Connections

    private func connect() throws(RecordsError) -> PostgresConnection {
        do {
            return try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration,
                                                  id: 1, logger: logger).wait()
        } catch {
            throw RecordsError(description: "cannot reach the check-in records \(location): \(PostgresURL.reason(error)) (check that PostgreSQL runs there and takes connections from this machine, and the URL's user, host, port and database)")
        }
    }

    private func with<T>(_ box: NIOLockedValueBox<PostgresConnection?>, _ body: (PostgresConnection) throws(RecordsError) -> T) throws(RecordsError) -> T {
        try box.withLockedValue { (conn: inout PostgresConnection?) -> Result<T, RecordsError> in
            do throws(RecordsError) {
                if conn == nil || conn?.isClosed == true {
                    let fresh = try connect()
                    conn = fresh
                    // The server ends what a lost or frozen desk would otherwise hold: a transaction
                    // left open (and with it the chain's lock), a lock waited on, a statement.
                    for setting in ["idle_in_transaction_session_timeout = '10s'", "lock_timeout = '5s'", "statement_timeout = '5s'"] {
                        _ = try run(fresh, PostgresQuery(unsafeSQL: "SET " + setting))
                    }
                    if !schemaReady.withLockedValue({ $0 }) {
                        try PostgresSchema.migrate(fresh, logger: logger)
                        schemaReady.withLockedValue { $0 = true }
                    }
                }
                return .success(try body(conn!))
            } catch {
                // A broken connection is reopened by the next call.
                if let c = conn { try? (c.close() as EventLoopFuture<Void>).wait(); conn = nil }
                return .failure(error)
            }
        }.get()
    }

    private func withWriter<T>(_ body: (PostgresConnection) throws(RecordsError) -> T) throws(RecordsError) -> T { try with(writer, body) }
    private func withReader<T>(_ body: (PostgresConnection) throws(RecordsError) -> T) throws(RecordsError) -> T { try with(reader, body) }

    /// How long one statement may take before the connection is given up (a server that stops
    /// answering — frozen, powered off, the network cut — must not hold a check-in: it is spooled).
    static let statementDeadline: TimeAmount = .seconds(5)

    func run(_ conn: PostgresConnection, _ query: PostgresQuery) throws(RecordsError) -> PostgresQueryResult {
        // Past the deadline the connection is closed, which fails the query; the caller drops it.
        let deadline = conn.eventLoop.scheduleTask(in: Self.statementDeadline) { _ = conn.close() as EventLoopFuture<Void> }
        defer { deadline.cancel() }
        do {
            return try conn.query(query, logger: logger).wait()
        } catch {
            throw RecordsError(description: "the check-in records \(location): \(PostgresURL.reason(error))")
        }
    }

    // MARK: Appending

    package func append(entries: [String], desk: String) throws(RecordsError) -> [Int64] {
        var fields: [CheckInFields] = []
        for entry in entries { fields.append(try CheckInFields(entry: entry)) }
        // Each check-in's key is made before the first attempt and stored with its row: when the
        // server committed but its answer was lost, the spooled copy (same key) is not sent again.
        let items = entries.map { RecordsSpool.Item(key: RecordsSpool.newKey(), desk: desk, entry: $0) }
        guard let spool else {
            return try withWriter { conn throws(RecordsError) in try insert(conn, items, fields: fields, checkKeys: false) }
        }
        // Spooled check-ins go first, in order; while the server is down, new ones join them.
        if !recentlyDown {
            if !spool.isEmpty { try? forwardSpool() }
            if spool.isEmpty, let ids = try? withWriter({ conn throws(RecordsError) in try insert(conn, items, fields: fields, checkKeys: false) }) {
                downSince.withLockedValue { $0 = nil }
                return ids
            }
            markDown()
        }
        try spool.add(items)
        return entries.map { _ in 0 }
    }

    /// Whether the server failed within the last few seconds (appends go straight to the spool,
    /// repeat-visit lookups are skipped, instead of waiting on it again).
    private var recentlyDown: Bool {
        let now = DispatchTime.now().uptimeNanoseconds
        return downSince.withLockedValue { since in since.map { now &- $0 < Self.retryAfter } ?? false }
    }

    private func markDown() { downSince.withLockedValue { $0 = DispatchTime.now().uptimeNanoseconds } }

    /// Sends what the spool holds, in order, each exactly once (a record whose key is already
    /// in the table was sent before a crash and is not sent again); empties the spool after.
    package func forwardSpool() throws(RecordsError) {
        guard let spool else { return }
        try spool.forward { (items: [RecordsSpool.Item]) throws(RecordsError) in
            var fields: [CheckInFields] = []
            for item in items { fields.append(try CheckInFields(entry: item.entry)) }
            do throws(RecordsError) {
                _ = try withWriter { conn throws(RecordsError) in try insert(conn, items, fields: fields, checkKeys: true) }
                downSince.withLockedValue { $0 = nil }
            } catch {
                markDown()
                throw error
            }
        }
    }

    /// Check-ins kept in the spool, waiting for the server.
    package var spooled: Int { spool?.count ?? 0 }

    /// One transaction: the chain's lock, its last hash, the rows — with `checkKeys` (spooled
    /// check-ins), those whose key is already there left out.
    private func insert(_ conn: PostgresConnection, _ rows: [RecordsSpool.Item], fields: [CheckInFields], checkKeys: Bool) throws(RecordsError) -> [Int64] {
        _ = try run(conn, "BEGIN")
        do throws(RecordsError) {
            _ = try run(conn, "SELECT pg_advisory_xact_lock(\(Self.chainLock))")
            var id: Int64 = 0
            var prev = ChainChecker.genesis
            for row in try run(conn, "SELECT id, hash FROM checkin ORDER BY id DESC LIMIT 1") {
                let (lastID, lastHash) = try decode(row, (Int64, ByteBuffer).self)
                id = lastID
                prev = Array(lastHash.readableBytesView)
            }
            var ids: [Int64] = []
            for (row, f) in zip(rows, fields) {
                let (entry, desk, key) = (row.entry, row.desk, row.key)
                if checkKeys, try run(conn, "SELECT 1 FROM checkin WHERE spool_key = \(key)").rows.count > 0 {
                    ids.append(0)
                    continue
                }
                id += 1
                let hash = ChainChecker.hash(prev: prev, id: id, desk: desk, entry: entry)
                _ = try run(conn, """
                    INSERT INTO checkin (id, scanned_at, day, desk, status, repeat_scan, code, code_authenticated, entry, prev, hash, spool_key)
                    VALUES (\(id), \(f.scannedAt), \(f.day), \(desk), \(f.status), \(f.repeatScan), \(f.code), \(f.codeAuthenticated), \(entry),
                            \(ByteBuffer(bytes: prev)), \(ByteBuffer(bytes: hash)), \(key))
                    """)
                ids.append(id)
                prev = hash
            }
            _ = try run(conn, "COMMIT")
            return ids
        } catch {
            _ = try? run(conn, "ROLLBACK")
            throw error
        }
    }

    func decode<T: PostgresDecodable>(_ row: PostgresRow, _ type: T.Type) throws(RecordsError) -> T {
        do { return try row.decode(T.self) } catch { throw RecordsError(description: "the check-in records \(location): \(error)") }
    }

    func decode<each T: PostgresDecodable>(_ row: PostgresRow, _ types: (repeat each T).Type) throws(RecordsError) -> (repeat each T) {
        do { return try row.decode((repeat each T).self) } catch { throw RecordsError(description: "the check-in records \(location): \(error)") }
    }

    // MARK: Reading

    package func counts(day: String) throws(RecordsError) -> [VerdictStatus: Int] {
        try withReader { conn throws(RecordsError) in
            var out: [VerdictStatus: Int] = [:]
            for row in try run(conn, "SELECT status, COUNT(*) FROM checkin WHERE day = \(day) AND NOT repeat_scan GROUP BY status") {
                let (status, n) = try decode(row, (String, Int64).self)
                if let s = VerdictStatus(rawValue: status) { out[s] = Int(n) }
            }
            return out
        }
    }

    package func previousVisit(code: String, at time: Int64, desk: String, repeatScan: Int64, window: Int64) throws(RecordsError) -> (desk: String, at: Int64)? {
        // While the server is down the lookup would wait on it for every scan: left out (the
        // check-in is still kept, in the spool).
        guard spool == nil || !recentlyDown else { throw RecordsError(description: "the check-in records \(location) cannot be reached") }
        return try withReader { conn throws(RecordsError) in
            for row in try run(conn, """
                SELECT desk, scanned_at FROM checkin
                WHERE code = \(code) AND code_authenticated AND scanned_at >= \(time - window) AND scanned_at <= \(time)
                  AND (desk <> \(desk) OR scanned_at < \(time - repeatScan))
                ORDER BY scanned_at DESC, id DESC LIMIT 1
                """) {
                let (d, at) = try decode(row, (String, Int64).self)
                return (d, at)
            }
            return nil
        }
    }

    /// Rows in order, a page at a time (memory stays bounded however many there are).
    private func pages(_ body: (PostgresRow) throws(RecordsError) -> Bool) throws(RecordsError) {
        var after: Int64 = 0
        while true {
            let rows = try withReader { conn throws(RecordsError) in
                try run(conn, """
                    SELECT id, scanned_at, day, desk, status, repeat_scan, code, code_authenticated, entry, prev, hash
                    FROM checkin WHERE id > \(after) ORDER BY id LIMIT 2000
                    """)
            }
            var any = false
            for row in rows {
                any = true
                after = try decode(row, Int64.self)
                guard try body(row) else { return }
            }
            if !any { return }
        }
    }

    package func verifyChain() throws(RecordsError) -> ChainCheck {
        var chain = ChainChecker()
        var broken: ChainCheck?
        try pages { row throws(RecordsError) in
            let (id, at, day, desk, status, repeatScan, code, authenticated, entry, prev, hash) =
                try decode(row, (Int64, Int64, String, String, String, Bool, String?, Bool, String, ByteBuffer, ByteBuffer).self)
            let columns = CheckInFields(scannedAt: at, day: day, status: status, repeatScan: repeatScan, code: code, codeAuthenticated: authenticated)
            broken = chain.check(id: id, desk: desk, entry: entry, prev: Array(prev.readableBytesView), hash: Array(hash.readableBytesView), columns: columns)
            return broken == nil
        }
        return broken ?? .holds(count: chain.count)
    }

    package func forEach(_ body: (_ id: Int64, _ desk: String, _ entry: String) throws -> Void) throws {
        var failure: (any Error)?
        try pages { row throws(RecordsError) in
            let (id, _, _, desk, _, _, _, _, entry, _, _) =
                try decode(row, (Int64, Int64, String, String, String, Bool, String?, Bool, String, ByteBuffer, ByteBuffer).self)
            do { try body(id, desk, entry) } catch { failure = error; return false }
            return true
        }
        if let failure { throw failure }
    }

    package func report(day: String) throws(RecordsError) -> DayReport {
        try withReader { conn throws(RecordsError) in
            var r = DayReport(day: day)
            /// Counts by one expression (a constant of this function, never input).
            func counts(_ select: String) throws(RecordsError) -> [(String, Int)] {
                var out: [(String, Int)] = []
                for row in try run(conn, "SELECT (\(unescaped: select))::text, COUNT(*) FROM checkin WHERE day = \(day) AND NOT repeat_scan GROUP BY 1") {
                    let (k, n) = try decode(row, (String?, Int64).self)
                    if let k { out.append((k, Int(n))) }
                }
                return out
            }
            for (k, n) in try counts("status") { r.byStatus[k] = n; r.total += n }
            for (k, n) in try counts("desk") { r.byDesk[k] = n }
            for (k, n) in try counts("entry::jsonb->'staff'->>'id'") { r.byStaff[k] = n }
            for (k, n) in try counts("((scanned_at + 25200) % 86400) / 3600") { if let h = Int(k) { r.byHour[h] = n } }
            // Each reason code once per check-in.
            for row in try run(conn, """
                SELECT code, COUNT(*) FROM (
                    SELECT DISTINCT c.id, r->>'code' AS code
                    FROM checkin c, jsonb_array_elements(c.entry::jsonb->'verdict'->'reasons') r
                    WHERE c.day = \(day) AND NOT c.repeat_scan) x
                WHERE code IS NOT NULL GROUP BY code
                """) {
                let (code, n) = try decode(row, (String, Int64).self)
                r.byCode[code] = Int(n)
            }
            return r
        }
    }

    /// The site's secret from the server (made there on first use); a copy is kept in the
    /// spool, so that a desk restarted while the server is down still starts and hashes alike.
    package func siteSecret() throws(RecordsError) -> SiteSecret {
        var fresh = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in fresh.indices { fresh[i] = rng.next() }
        do {
            let bytes = try withWriter { conn throws(RecordsError) -> [UInt8] in
                _ = try run(conn, "INSERT INTO site_secret (id, secret) VALUES (1, \(ByteBuffer(bytes: fresh))) ON CONFLICT (id) DO NOTHING")
                for row in try run(conn, "SELECT secret FROM site_secret WHERE id = 1") {
                    return Array(try decode(row, ByteBuffer.self).readableBytesView)
                }
                throw RecordsError(description: "the check-in records \(location): no site secret")
            }
            try? spool?.keepSecret(bytes)
            return SiteSecret(bytes: bytes)
        } catch {
            if let kept = spool?.keptSecret { return SiteSecret(bytes: kept) }
            throw error
        }
    }

    /// Closes the connections (PostgresNIO requires it before they are released).
    deinit {
        forwarder.withLockedValue { $0?.cancel() }
        for box in [writer, reader] {
            box.withLockedValue { conn in
                try? (conn?.close() as EventLoopFuture<Void>?)?.wait()
                conn = nil
            }
        }
    }
}
