#if canImport(Glibc)
import Glibc
#endif
import BHYTCard
import BHYTCOSE
import BHYTVerifier

/// The trust and revocation list files a clinic is given, read for the command line and the
/// service alike: an unreadable or broken list is an error that names the file and says why
/// (in the operator's language), never a list half used.
///
/// A list file is either plain (a JWK Set; revocation lines) or signed by the agency's root key
/// (a compact JWS, docs/FORMAT.md). With root keys pinned, only a signed list whose signature
/// one of them verifies is accepted; a plain list is refused (LIST_UNSIGNED). With none pinned,
/// a plain list is used as it is, and a signed list is used with a warning that its signature
/// was not checked (its dates still count: they can only lower verdicts).
package enum ListFiles {
    /// Why a list cannot be used.
    package struct ListError: Error, Sendable, CustomStringConvertible {
        package let description: String
        /// The stable reason when the list itself was refused (``SignedListError/reason``), else `nil`.
        package let reason: String?

        package init(description: String, reason: String? = nil) {
            self.description = description
            self.reason = reason
        }
    }

    /// A list as loaded: the list, what its signature says (`nil` for a plain list), warnings to show.
    package struct Loaded<List: Sendable>: Sendable {
        package let list: List
        package let info: SignedListInfo?
        package let warnings: [String]
    }

    /// Largest trust list read.
    package static let maximumTrustList = 16 << 20
    /// Largest revocation list read (plain text; a signed one: ``RevocationList/maximumSignedLength``).
    package static let maximumRevocationList = 1 << 30

    /// Loads the lists a verification uses (the lists and, for signed ones, their
    /// `iat`/`exp`/`seq`, which the verifier judges for freshness — ``ClinicLists`` carries them
    /// to the settings); returns them with the warnings to show. With `roots` pinned, both lists
    /// must be signed by one of them.
    package static func load(trust: String?, revoked: String?, roots: [PublicKey],
                             language: Language = .en) throws(ListError) -> (lists: ClinicLists, warnings: [String]) {
        var warnings: [String] = []
        var keys = TrustList(), trustInfo: SignedListInfo?
        var revocations = RevocationList(), revocationInfo: SignedListInfo?
        if let trust {
            let loaded = try trustList(at: trust, roots: roots, language: language)
            warnings += loaded.warnings
            (keys, trustInfo) = (loaded.list, loaded.info)
        }
        if let revoked {
            let loaded = try revocationList(at: revoked, roots: roots, language: language)
            warnings += loaded.warnings
            (revocations, revocationInfo) = (loaded.list, loaded.info)
        }
        return (ClinicLists(trust: keys, revocations: revocations, trustInfo: trustInfo, revocationInfo: revocationInfo), warnings)
    }

    /// Reads the pinned root keys (PEM, P-256 or Ed25519).
    package static func roots(at paths: [String], language: Language = .en) throws(ListError) -> [PublicKey] {
        let vi = language == .vi
        var keys: [PublicKey] = []
        for path in paths {
            let bytes: [UInt8]
            do {
                bytes = try FileBytes.contents(of: path, limit: 1 << 16, language: language)
            } catch {
                throw ListError(description: error.description)
            }
            do {
                let key = try PublicKey(pem: String(decoding: bytes, as: UTF8.self))
                guard key.algorithm == .es256 || key.algorithm == .eddsa else {
                    throw COSEError.key(vi ? "khóa \(key.algorithm.name); khóa gốc phải là ES256 hoặc EdDSA" : "a \(key.algorithm.name) key; a root key is ES256 or EdDSA")
                }
                keys.append(key)
            } catch {
                let why = (error as? COSEError)?.message(language) ?? "\(error)"
                throw ListError(description: (vi ? "khóa gốc \(path) không dùng được: " : "root key \(path) cannot be used: ") + why)
            }
        }
        return keys
    }

    /// Reads a trust list file; entries left out come back as warnings to show.
    package static func trustList(at path: String, language: Language = .en) throws(ListError) -> (list: TrustList, warnings: [String]) {
        let loaded = try trustList(at: path, roots: [], language: language)
        return (loaded.list, loaded.warnings)
    }

    /// Reads a trust list file, plain or signed, as the pinned roots require.
    package static func trustList(at path: String, roots: [PublicKey], language: Language = .en) throws(ListError) -> Loaded<TrustList> {
        let vi = language == .vi
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.contents(of: path, limit: maximumTrustList, language: language)
        } catch {
            throw ListError(description: error.description)
        }
        let refused = vi ? "danh sách tin cậy \(path) không dùng được: " : "trust list \(path) cannot be used: "
        var list: TrustList
        var info: SignedListInfo? = nil
        if SignedList.looksSigned(bytes) {
            do {
                (list, info) = try TrustList.signed(bytes, roots: roots, maximumLength: maximumTrustList)
            } catch {
                throw ListError(description: refused + error.message(vi ? .vi : .en) + " [\(error.reason)]", reason: error.reason)
            }
        } else {
            guard roots.isEmpty else {
                throw ListError(description: refused + SignedListError.unsigned.message(vi ? .vi : .en) + " [\(SignedListError.unsigned.reason)]", reason: SignedListError.unsigned.reason)
            }
            do {
                list = try TrustList(json: String(decoding: bytes, as: UTF8.self))
            } catch {
                throw ListError(description: refused + error.message(language))
            }
        }
        var warnings = list.problems.map {
            vi ? "cảnh báo: danh sách tin cậy \(path): " + TrustList.leftOutMessage($0, .vi) : "warning: trust list \(path): \($0) (left out)"
        }
        if let info, info.verifiedBy == nil { warnings.append(unchecked(path, info, trust: true, vi: vi)) }
        return Loaded(list: list, info: info, warnings: warnings)
    }

    /// Reads a revocation list file (refused whole if one line is wrong).
    package static func revocationList(at path: String, language: Language = .en) throws(ListError) -> RevocationList {
        try revocationList(at: path, roots: [], language: language).list
    }

    /// Reads a revocation list file, plain or signed, as the pinned roots require. A plain list
    /// is read in chunks straight into the compact form (a national list never sits in memory as text).
    package static func revocationList(at path: String, roots: [PublicKey], language: Language = .en) throws(ListError) -> Loaded<RevocationList> {
        let vi = language == .vi
        let prefix = vi ? "không đọc được \(path): " : "cannot read \(path): "
        let refused = vi ? "danh sách thu hồi \(path) không dùng được: " : "revocation list \(path) cannot be used: "
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ListError(description: prefix + CardInput.describeErrno(errno, language)) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw ListError(description: prefix + CardInput.describeErrno(errno, language)) }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw ListError(description: prefix + CardInput.describeErrno(EISDIR, language)) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var first = try readChunk(fd, &chunk, prefix: prefix, language: language)
        if SignedList.looksSigned(Array(chunk[0..<first])) {
            let limit = RevocationList.maximumSignedLength
            guard Int(st.st_size) <= limit else {
                throw ListError(description: prefix + (vi ? "lớn hơn \(limit >> 20) MiB" : "larger than \(limit >> 20) MiB"))
            }
            // Read whole into one buffer of the file's size (no doubling as it grows).
            var bytes: [UInt8] = []
            bytes.reserveCapacity(Int(st.st_size) + 1)
            while first > 0 {
                bytes.append(contentsOf: chunk[0..<first])
                guard bytes.count <= limit else { throw ListError(description: prefix + (vi ? "lớn hơn \(limit >> 20) MiB" : "larger than \(limit >> 20) MiB")) }
                first = try readChunk(fd, &chunk, prefix: prefix, language: language)
            }
            chunk = []
            do {
                let (list, info) = try RevocationList.signed(consume bytes, roots: roots)
                return Loaded(list: list, info: info, warnings: info.verifiedBy == nil ? [unchecked(path, info, trust: false, vi: vi)] : [])
            } catch {
                throw ListError(description: refused + error.message(vi ? .vi : .en) + " [\(error.reason)]", reason: error.reason)
            }
        }
        guard roots.isEmpty else {
            throw ListError(description: refused + SignedListError.unsigned.message(vi ? .vi : .en) + " [\(SignedListError.unsigned.reason)]", reason: SignedListError.unsigned.reason)
        }
        guard Int(st.st_size) <= maximumRevocationList else {
            throw ListError(description: prefix + (vi ? "lớn hơn \(maximumRevocationList >> 20) MiB" : "larger than \(maximumRevocationList >> 20) MiB"))
        }
        var builder = RevocationList.Builder(expectedBytes: Int(st.st_size))
        var total = 0
        do {
            while first > 0 {
                total += first
                guard total <= maximumRevocationList else {
                    throw ListError(description: prefix + (vi ? "lớn hơn \(maximumRevocationList >> 20) MiB" : "larger than \(maximumRevocationList >> 20) MiB"))
                }
                let n = first
                try chunk.withUnsafeBufferPointer { (b) throws(RevocationList.LoadError) in try builder.feed(UnsafeBufferPointer(rebasing: b[0..<n])) }
                first = try readChunk(fd, &chunk, prefix: prefix, language: language)
            }
            return Loaded(list: try builder.finish(), info: nil, warnings: [])
        } catch let error as RevocationList.LoadError {
            throw ListError(description: vi ? "danh sách thu hồi \(path): " + error.message(.vi) : "revocation list \(path) line \(error.line): " + error.reason)
        } catch let error as ListError {
            throw error
        } catch {
            throw ListError(description: prefix + "\(error)")
        }
    }

    private static func readChunk(_ fd: Int32, _ chunk: inout [UInt8], prefix: String, language: Language) throws(ListError) -> Int {
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw ListError(description: prefix + CardInput.describeErrno(errno, language)) }
            return n
        }
    }

    private static func unchecked(_ path: String, _ info: SignedListInfo, trust: Bool, vi: Bool) -> String {
        let what = trust ? (vi ? "danh sách tin cậy" : "trust list") : (vi ? "danh sách thu hồi" : "revocation list")
        return vi ? "cảnh báo: \(what) \(path) có chữ ký (khóa gốc \(info.rootKID)) nhưng chữ ký CHƯA được kiểm tra: thêm --root KHÓA-GỐC.pub.pem để kiểm tra"
            : "warning: \(what) \(path) is signed (root kid \(info.rootKID)) but its signature was NOT checked: give --root ROOT.pub.pem to check it"
    }

    /// Parses a duration: a whole number with `s`, `m`, `h`, `d` or `w` (`7d`, `12h`), or `0`.
    package static func duration(_ text: String) -> Int64? {
        if text == "0" { return 0 }
        guard let unit = text.last, let n = Int64(text.dropLast()), n >= 0, n <= 1_000_000_000 else { return nil }
        switch unit {
        case "s": return n
        case "m": return n * 60
        case "h": return n * 3600
        case "d": return n * 86_400
        case "w": return n * 7 * 86_400
        default: return nil
        }
    }
}
