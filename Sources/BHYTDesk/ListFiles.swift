import BHYTCard
import BHYTCOSE
import BHYTVerifier

/// The trust and revocation list files a clinic is given, read for the command line and the
/// service alike: an unreadable or broken list is an error that names the file and says why
/// (in the operator's language), never a list half used.
public enum ListFiles {
    /// Why a list cannot be used.
    public struct ListError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Largest trust list read.
    public static let maximumTrustList = 16 << 20
    /// Largest revocation list read.
    public static let maximumRevocationList = 1 << 30

    /// Reads a trust list file; entries left out come back as warnings to show.
    public static func trustList(at path: String, language: Language = .en) throws(ListError) -> (list: TrustList, warnings: [String]) {
        let vi = language == .vi
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.contents(of: path, limit: maximumTrustList, language: language)
        } catch {
            throw ListError(description: error.description)
        }
        do {
            let list = try TrustList(json: String(decoding: bytes, as: UTF8.self))
            let warnings = list.problems.map {
                vi ? "cảnh báo: danh sách tin cậy \(path): bỏ qua \($0)" : "warning: trust list \(path): \($0) (left out)"
            }
            return (list, warnings)
        } catch {
            throw ListError(description: (vi ? "danh sách tin cậy \(path) không dùng được: " : "trust list \(path) cannot be used: ") + error.description)
        }
    }

    /// Reads a revocation list file (refused whole if one line is wrong).
    public static func revocationList(at path: String, language: Language = .en) throws(ListError) -> RevocationList {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.contents(of: path, limit: maximumRevocationList, language: language)
        } catch {
            throw ListError(description: error.description)
        }
        do {
            return try RevocationList(bytes: bytes)
        } catch {
            throw ListError(description: (language == .vi ? "danh sách thu hồi \(path), dòng \(error.line): " : "revocation list \(path) line \(error.line): ") + error.reason)
        }
    }
}
