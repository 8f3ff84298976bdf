import BHYTCard
import BHYTDesk
import BHYTRecords
import BHYTVerifier
import Dispatch
import NIOCore
import NIOPosix

/// The service's front desk (quầy tiếp đón): the day's counts and, with `--log`, the
/// check-in log in the format `bhyt scan` writes. An actor: the one writer of the log, so
/// entries never interleave and each is fsync'd before its verdict is answered. It runs on a
/// thread of its own, so a slow disk's fsync blocks the desk, never the cooperative threads
/// that read requests and answer `/healthz`.
actor CheckInDesk {
    /// The desk's thread (one event loop, used only as this actor's executor).
    private static let thread = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let loop: any EventLoop = CheckInDesk.thread.next()
    nonisolated var unownedExecutor: UnownedSerialExecutor { loop.executor.asUnownedSerialExecutor() }

    private var desk: FrontDesk
    private let log: CheckInLog?
    /// The check-in records, with `--records` (each check-in committed there too before its answer).
    private let records: (any CheckInStore)?
    private let deskName: String
    /// Seconds within which an earlier check-in of the same card is a repeat visit (with records).
    private let repeatVisitWindow: Int64
    private let repeatScanWindow: Int64
    /// Whether the last check-in could not be written (to the log or the records): `/healthz`
    /// says so until one is written again.
    private(set) var writeFailing = false
    /// Check-ins waiting on this machine for the records' server (PostgreSQL down).
    nonisolated var spooled: Int { records?.spooled ?? 0 }
    /// The records' group commit (each check-in answered once its own commit is done).
    private let committer: GroupCommit?
    /// The site secret for personal-ID hashes: the log's, or beside the records without a log.
    private let secret: SiteSecret?
    /// What opening the log repaired, for the operator log (a crash's partial last line).
    nonisolated let repair: CheckInLog.Repair?

    init(logPath: String?, records: (any CheckInStore)? = nil, deskName: String = "desk", repeatVisitWindow: Int64 = 4 * 3600,
         time: Int64, repeatWindow: Int64) throws(CheckInLog.LogError) {
        self.deskName = deskName
        self.repeatVisitWindow = repeatVisitWindow
        self.repeatScanWindow = repeatWindow
        self.records = records
        committer = records.map { GroupCommit(records: $0, desk: deskName) }
        if let logPath {
            let opened = try CheckInLog(path: logPath)
            log = opened
            repair = opened.repair
            desk = FrontDesk(time: time, counts: CheckInLog.counts(in: logPath, day: CheckInLog.day(time)), repeatWindow: repeatWindow)
        } else {
            log = nil
            repair = nil
            // Without a log, the day's counts come from the records.
            let counts = (try? records?.counts(day: CheckInLog.day(time))) ?? [:]
            desk = FrontDesk(time: time, counts: counts, repeatWindow: repeatWindow)
        }
        if let log {
            secret = log.secret
        } else if let records {
            do {
                secret = try records.siteSecret()
            } catch {
                throw CheckInLog.LogError(description: "\(error)")
            }
        } else {
            secret = nil
        }
    }

    /// Records one single-card verification (the page, or `POST /v1/verify` of one text or
    /// image): counted and logged as `bhyt scan` does; garbage is neither.
    func record(_ verdict: Verdict, text: String, at time: Int64, staff: (id: String, name: String)? = nil) async throws(CheckInLog.LogError) -> (scan: FrontDesk.Scan, verdict: Verdict) {
        let seen = verdict
        let scan = desk.record(verdict, text: text, at: time)
        // With records, an earlier visit of the same card (another desk, another replica) is named
        // (looked up off the desk's event loop: a database client may not wait on one).
        var verdict = verdict
        if let records {
            let (deskName, repeatScan, window) = (deskName, repeatScanWindow, repeatVisitWindow)
            verdict = await Self.offLoop { records.noteRepeatVisit(seen, scan, desk: deskName, at: time, repeatScan: repeatScan, window: window) }
        }
        if log != nil || records != nil, let entry = FrontDesk.logEntry(scan, verdict: verdict, at: time, secret: secret, staff: staff) {
            writeFailing = true
            do throws(CheckInLog.LogError) {
                try log?.append(line: entry)
                if let committer {
                    // The desk is free for other check-ins while this one waits for its commit.
                    do {
                        try await committer.commit(entry)
                    } catch {
                        throw CheckInLog.LogError(description: "\(error)")
                    }
                }
            } catch {
                // Not kept: not counted, and the same card again is a new check-in (the page resends it).
                desk.forget(scan, status: seen.status, at: time)
                throw error
            }
            writeFailing = false
        }
        return (scan, verdict)
    }

    /// A day's report from the records; `nil` without records.
    func report(day: String) async throws(RecordsError) -> DayReport? {
        guard let records else { return nil }
        return try await Self.offLoop { () -> Result<DayReport, RecordsError> in
            do throws(RecordsError) { return .success(try records.report(day: day)) } catch { return .failure(error) }
        }.get()
    }

    /// Runs `body` on a dispatch queue (it may block on a database), resuming when it is done.
    private static func offLoop<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (done: CheckedContinuation<T, Never>) in
            DispatchQueue.global(qos: .userInitiated).async { done.resume(returning: body()) }
        }
    }

    /// The day being counted and its check-ins per status (a new day at `time` counts from zero).
    func today(at time: Int64) -> (day: String, counts: [VerdictStatus: Int]) {
        let day = CheckInLog.day(time)
        return day == desk.day ? (day, desk.counts) : (day, [:])
    }
}
