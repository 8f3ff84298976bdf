import BHYTCard
import BHYTCOSE

/// The lists a clinic is given (bộ danh sách của cơ sở KCB), read and checked the one way:
/// the trust list of issuer keys (danh sách khóa tin cậy) and, if any, the revocation list
/// (danh sách thẻ thu hồi), each plain or signed by the agency's root key (khóa gốc). With
/// roots pinned only lists one of them signed are taken; a signed list's `iat`/`exp`/`seq`
/// stay with it, and ``Verifier/init(lists:time:facility:maximumStaleness:additionalPolicies:)``
/// applies them — a caller cannot load a signed list and forget its freshness.
///
/// ```swift
/// let lists = try ClinicLists(trustList: trustBytes, revocationList: revokedBytes, roots: [root])
/// let verifier = Verifier(lists: lists, time: now, facility: FacilityCode("79024"))
/// ```
public struct ClinicLists: Sendable {
    /// The issuer keys in force.
    package let trust: TrustList
    /// The revoked cards (empty without a revocation list).
    package let revocations: RevocationList
    /// The trust list's signature and dates; `nil` for a plain list.
    public let trustInfo: SignedListInfo?
    /// The revocation list's signature and dates; `nil` for a plain list or none.
    public let revocationInfo: SignedListInfo?

    /// Why a list cannot be used: which list, a stable reason (`SignedListError.reason` for a
    /// signed list's refusal, `LIST_INVALID` for a plain list that does not read) and the detail.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        /// The list that could not be used.
        public let list: SignedListKind
        /// A stable upper-case reason (`ROOT_UNKNOWN`, `LIST_UNSIGNED`, `LIST_INVALID`, …).
        public let reason: String
        /// What is wrong, in English.
        public let detail: String
        public var description: String { "\(list.rawValue) list: \(detail) [\(reason)]" }
    }

    /// Reads the lists from their bytes (a JWK Set or revocation lines, or a compact JWS; a
    /// BOM and CR LF are fine). With `roots`, both must be signed by one of them.
    public init(trustList: [UInt8], revocationList: [UInt8]? = nil, roots: [PublicKey]) throws(LoadError) {
        let (trust, trustInfo) = try ClinicLists.readTrust(trustList, roots: roots)
        var revocations = RevocationList()
        var revocationInfo: SignedListInfo?
        if let revocationList {
            (revocations, revocationInfo) = try ClinicLists.readRevocations(revocationList, roots: roots)
        }
        self.init(trust: trust, revocations: revocations, trustInfo: trustInfo, revocationInfo: revocationInfo)
    }

    /// Plain lists made in code (no signature, no dates to judge).
    public init(trust: TrustList, revocations: RevocationList = RevocationList()) {
        self.init(trust: trust, revocations: revocations, trustInfo: nil, revocationInfo: nil)
    }

    package init(trust: TrustList, revocations: RevocationList, trustInfo: SignedListInfo?, revocationInfo: SignedListInfo?) {
        self.trust = trust
        self.revocations = revocations
        self.trustInfo = trustInfo
        self.revocationInfo = revocationInfo
    }

    /// The settings of one verification with these lists: the lists and their dates, the time,
    /// the facility and the tolerated staleness — the only place they are put together.
    package func settings(time: Int64, facility: FacilityCode? = nil,
                          maximumStaleness: Int64 = VerificationSettings.defaultMaximumStaleness) -> VerificationSettings {
        var s = VerificationSettings(trust: trust, revocations: revocations, time: time, facility: facility)
        s.trustListValidity = trustInfo?.validity
        s.revocationListValidity = revocationInfo?.validity
        s.maximumStaleness = maximumStaleness
        return s
    }

    /// A trust list's bytes, plain or signed, as the roots require.
    package static func readTrust(_ bytes: [UInt8], roots: [PublicKey],
                                  maximumLength: Int = TrustList.maximumSignedLength) throws(LoadError) -> (TrustList, SignedListInfo?) {
        if SignedList.looksSigned(bytes) {
            do {
                let (list, info) = try TrustList.signed(bytes, roots: roots, maximumLength: maximumLength)
                return (list, info)
            } catch {
                throw LoadError(list: .trust, reason: error.reason, detail: error.message(.en))
            }
        }
        guard roots.isEmpty else { throw LoadError(list: .trust, reason: SignedListError.unsigned.reason, detail: SignedListError.unsigned.message(.en)) }
        do {
            return (try TrustList(json: String(decoding: bytes, as: UTF8.self)), nil)
        } catch {
            throw LoadError(list: .trust, reason: "LIST_INVALID", detail: error.description)
        }
    }

    /// A revocation list's bytes, plain or signed, as the roots require.
    package static func readRevocations(_ bytes: [UInt8], roots: [PublicKey]) throws(LoadError) -> (RevocationList, SignedListInfo?) {
        if SignedList.looksSigned(bytes) {
            do {
                let (list, info) = try RevocationList.signed(bytes, roots: roots)
                return (list, info)
            } catch {
                throw LoadError(list: .revocation, reason: error.reason, detail: error.message(.en))
            }
        }
        guard roots.isEmpty else {
            throw LoadError(list: .revocation, reason: SignedListError.unsigned.reason, detail: SignedListError.unsigned.message(.en))
        }
        do {
            return (try RevocationList(bytes: bytes), nil)
        } catch {
            throw LoadError(list: .revocation, reason: "LIST_INVALID", detail: error.description)
        }
    }
}

extension Verifier {
    /// The verifier for a clinic's lists at `time` (giờ kiểm tra): the built-in rules, the
    /// lists' freshness (a signed trust list past `exp` warns, past `exp` + `maximumStaleness`
    /// no signed card is valid), this facility, and any `additionalPolicies` after the built-in ones.
    public init(lists: ClinicLists, time: Int64, facility: FacilityCode? = nil,
                maximumStaleness: Int64 = VerificationSettings.defaultMaximumStaleness,
                additionalPolicies: [any VerificationPolicy] = []) {
        self.init(settings: lists.settings(time: time, facility: facility, maximumStaleness: maximumStaleness),
                  additionalPolicies: additionalPolicies)
    }
}
