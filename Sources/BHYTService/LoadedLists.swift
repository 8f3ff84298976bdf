import BHYTCard
import BHYTCOSE
import BHYTDesk
import BHYTVerifier

/// The lists in force (danh sách đang áp dụng): trust list, revocation list and facility, as
/// one immutable value swapped whole by ``ListReloader`` — a request sees the old lists or the
/// new ones, never half of each.
package struct LoadedLists: Sendable {
    package let trust: TrustList
    package let revocations: RevocationList
    package let facility: FacilityCode?
    package let trustFile: ListFileStamp
    package let revocationFile: ListFileStamp?
    /// When these lists were loaded (wall clock).
    package let loadedAt: Int64
    /// Trust list entries left out, lists whose signature was not checked (shown by `/v1/status`).
    package let warnings: [String]
    /// For signed lists: kind, `iat`/`exp`/`seq` and the root that verified them.
    package let trustInfo: SignedListInfo?
    package let revocationInfo: SignedListInfo?
    /// How long after `exp` a signed list is still used, with a warning.
    package let maximumStaleness: Int64

    /// The settings of one verification at `time` (the signed lists' dates included, which the
    /// verifier judges for freshness).
    package func settings(time: Int64) -> VerificationSettings {
        ClinicLists(trust: trust, revocations: revocations, trustInfo: trustInfo, revocationInfo: revocationInfo)
            .settings(time: time, facility: facility, maximumStaleness: maximumStaleness)
    }

    /// The same lists, the files' stamps as now on disk.
    package func withFileStamps(trust: ListFileStamp, revocation: ListFileStamp?) -> LoadedLists {
        LoadedLists(trust: self.trust, revocations: revocations, facility: facility, trustFile: trust, revocationFile: revocation,
                    loadedAt: loadedAt, warnings: warnings, trustInfo: trustInfo, revocationInfo: revocationInfo,
                    maximumStaleness: maximumStaleness)
    }

    /// Issuers (`iss`) with a trusted key, sorted.
    package var issuers: [String] { Array(Set(trust.keys.map(\.issuer))).sorted() }
}
