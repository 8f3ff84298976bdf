import AsyncHTTPClient
import BHYTCard
import BHYTCOSE
import BHYTDesk
import BHYTVerifier
import NIOCore
import NIOHTTP1
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps a clinic's signed lists (danh sách đã ký) fresh from the agency's web server: each
/// list is fetched with a conditional request (ETag, Last-Modified), verified against the
/// pinned root keys and the sequence rule, and only then put in place of the old one (a new
/// file renamed over it). On any failure — unreachable, 404, cut short, too large, signed by
/// another key, an older `seq`, a `seq` reused for other content — the last good list stays.
package struct ListSync: Sendable {
    /// A list kind and its file name, on the server (under the base URL) and in the folder.
    package enum Kind: String, CaseIterable, Sendable {
        case trust, revocation

        package var fileName: String { self == .trust ? "trust.jws" : "revocation.jws" }
        var limit: Int { self == .trust ? TrustList.maximumSignedLength : RevocationList.maximumSignedLength }
    }

    /// What syncing one list did.
    package enum Outcome: Sendable, Equatable {
        /// A new list is in place (its `seq`; the one it replaced, if any).
        case updated(seq: Int64, previous: Int64?)
        /// The server has nothing newer (304, or the same list).
        case unchanged(seq: Int64?)
        /// The download was refused and the last good list kept: a stable reason
        /// (`HTTP_404`, `DOWNLOAD_FAILED`, `TOO_LARGE`, or a ``SignedListError`` reason such as
        /// `ROOT_UNKNOWN`, `LIST_ROLLBACK`) and the words for people.
        case refused(reason: String, detail: String, kept: Int64?)
    }

    /// The base URL (the lists are `BASE/trust.jws` and `BASE/revocation.jws`).
    package let base: String
    /// The folder the lists are kept in (`trust.jws`, `revocation.jws`, and `.NAME.meta` with
    /// the server's ETag and Last-Modified for the next conditional request).
    package let directory: String
    /// The agency's root keys: a list must be signed by one of them.
    package let roots: [PublicKey]
    /// Seconds a download may take.
    package var timeoutSeconds: Int64 = 30

    package init(base: String, directory: String, roots: [PublicKey]) {
        var b = base
        while b.hasSuffix("/") { b.removeLast() }
        self.base = b
        self.directory = directory
        self.roots = roots
    }

    /// Syncs every list, in order, with a client of its own: a server that cannot be reached
    /// fails at once (no retries until the deadline: the next timer run tries again), and a
    /// connection gets 10 seconds.
    package func syncAll() async -> [(kind: Kind, outcome: Outcome)] {
        var pool = HTTPClient.Configuration.ConnectionPool()
        pool.retryConnectionEstablishment = false
        let configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(10), read: .seconds(30)), connectionPool: pool)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        var out: [(kind: Kind, outcome: Outcome)] = []
        for kind in Kind.allCases { out.append((kind, await sync(kind, client: client))) }
        try? await client.shutdown()
        return out
    }

    /// Syncs one list.
    package func sync(_ kind: Kind, client: HTTPClient) async -> Outcome {
        let path = directory + "/" + kind.fileName, metaPath = directory + "/." + kind.fileName + ".meta"
        let current = FileBytes.read(path: path, limit: kind.limit)
        let currentSeq = current.flatMap { try? open(kind, $0)?.validity.sequence } ?? nil
        var request = HTTPClientRequest(url: base + "/" + kind.fileName)
        if currentSeq != nil, let meta = FileBytes.read(path: metaPath, limit: 4096) {
            for line in String(decoding: meta, as: UTF8.self).split(separator: "\n") {
                let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                if parts[0] == "etag" { request.headers.add(name: "If-None-Match", value: parts[1]) }
                if parts[0] == "last-modified" { request.headers.add(name: "If-Modified-Since", value: parts[1]) }
            }
        }
        let bytes: [UInt8]
        let etag: String?, lastModified: String?
        do {
            let response = try await client.execute(request, timeout: .seconds(timeoutSeconds))
            if response.status.code == 304 { return .unchanged(seq: currentSeq) }
            guard response.status.code == 200 else {
                return .refused(reason: "HTTP_\(response.status.code)", detail: "the server answered \(response.status.code) \(response.status.reasonPhrase)", kept: currentSeq)
            }
            etag = response.headers.first(name: "ETag")
            lastModified = response.headers.first(name: "Last-Modified")
            var body = try await response.body.collect(upTo: kind.limit)
            bytes = body.readBytes(length: body.readableBytes) ?? []
        } catch let error as NIOTooManyBytesError {
            _ = error
            return .refused(reason: "TOO_LARGE", detail: "larger than \(kind.limit) bytes", kept: currentSeq)
        } catch {
            return .refused(reason: "DOWNLOAD_FAILED", detail: "\(error)", kept: currentSeq)
        }
        // Verified against the pinned roots before anything is written.
        let info: SignedListInfo
        do {
            guard let opened = try open(kind, bytes) else {
                return .refused(reason: "LIST_UNSIGNED", detail: "not verified by a pinned root key", kept: currentSeq)
            }
            info = opened
        } catch {
            return .refused(reason: error.reason, detail: error.message(.en), kept: currentSeq)
        }
        let seq = info.validity.sequence
        if let currentSeq {
            if seq < currentSeq {
                let e = SignedListError.rollback(loaded: currentSeq, offered: seq)
                return .refused(reason: e.reason, detail: e.message(.en), kept: currentSeq)
            }
            if seq == currentSeq {
                guard bytes == current else {
                    let e = SignedListError.sequenceReused(seq)
                    return .refused(reason: e.reason, detail: e.message(.en), kept: currentSeq)
                }
                ListSync.replace(metaPath, with: ListSync.meta(etag: etag, lastModified: lastModified))
                return .unchanged(seq: seq)
            }
        }
        guard ListSync.replace(path, with: bytes) else {
            return .refused(reason: "WRITE_FAILED", detail: "cannot write \(path): \(String(cString: strerror(errno)))", kept: currentSeq)
        }
        ListSync.replace(metaPath, with: ListSync.meta(etag: etag, lastModified: lastModified))
        return .updated(seq: seq, previous: currentSeq)
    }

    /// The list's signature and dates when a pinned root verified it; `nil` when none did.
    private func open(_ kind: Kind, _ bytes: [UInt8]) throws(SignedListError) -> SignedListInfo? {
        let info: SignedListInfo
        switch kind {
        case .trust: info = try TrustList.signed(bytes, roots: roots).1
        case .revocation: info = try RevocationList.signed(bytes, roots: roots).1
        }
        return info.verifiedBy == nil ? nil : info
    }

    private static func meta(etag: String?, lastModified: String?) -> [UInt8] {
        // Header values are kept on one line each (a value with a line break is not kept).
        let lines = [etag.map { "etag " + $0 }, lastModified.map { "last-modified " + $0 }].compactMap { $0 }
            .filter { !$0.contains(where: \.isNewline) }
        return Array(lines.map { $0 + "\n" }.joined().utf8)
    }

    /// Puts `bytes` at `path` whole or not at all: a new file beside it, synced, renamed over
    /// it, and the folder synced (a crash leaves the old list or the new one, never half).
    @discardableResult
    private static func replace(_ path: String, with bytes: [UInt8]) -> Bool {
        let tmp = path + ".new-\(getpid())"
        let fd = Glibc.open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { close(fd); unlink(tmp); return false }
            written += n
        }
        guard fsync(fd) == 0, close(fd) == 0, rename(tmp, path) == 0 else { unlink(tmp); return false }
        let dir = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let dfd = Glibc.open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 { fsync(dfd); close(dfd) }
        return true
    }
}
