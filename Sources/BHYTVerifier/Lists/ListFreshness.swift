import BHYTCard
import BHYTCOSE

/// How old a signed list is at the verification time, as findings: nothing until its `exp`;
/// then `…_LIST_STALE` (a warning naming how old it is and to update it); after `exp` plus the
/// tolerated staleness (``VerificationSettings/maximumStaleness``), `…_LIST_EXPIRED` — which for
/// the trust list withholds validity (signed cards are `unverified`, never `valid`). Gradual,
/// because a clinic offline for a few days must keep working, visibly; and never worse than
/// `unverified`, because an old list does not make a card forged. Plain lists carry no dates.
enum ListFreshness {
    static func findings(_ kind: SignedListKind, settings: VerificationSettings) -> [Finding] {
        guard let validity = kind == .trust ? settings.trustListValidity : settings.revocationListValidity else { return [] }
        let trust = kind == .trust
        let tolerated = settings.maximumStaleness
        func overdue(_ seconds: Int64) -> FindingDetail {
            .listOverdue(ListOverdue(kind: kind, sequence: validity.sequence, issuedAt: validity.issuedAt, expires: validity.expires,
                                     overdue: seconds, tolerated: tolerated))
        }
        switch validity.freshness(at: settings.time, maximumStaleness: tolerated) {
        case .fresh:
            return []
        case .stale(let seconds):
            return [Finding(trust ? .trustListStale : .revocationListStale, .warning, overdue(seconds))]
        case .expired(let seconds):
            return [Finding(trust ? .trustListExpired : .revocationListExpired, .warning, overdue(seconds), withholdsValidity: trust)]
        }
    }
}
