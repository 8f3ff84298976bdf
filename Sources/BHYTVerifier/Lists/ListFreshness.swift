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
        let name = trust ? "trust list" : "revocation list"
        let nameVi = trust ? "danh sách khóa tin cậy" : "danh sách thẻ thu hồi"
        let exp = VietnamTime.format(validity.expires), iat = VietnamTime.format(validity.issuedAt)
        let tolerated = settings.maximumStaleness
        switch validity.freshness(at: settings.time, maximumStaleness: tolerated) {
        case .fresh:
            return []
        case .stale(let overdue):
            return [Finding(trust ? .trustListStale : .revocationListStale, .warning,
                            "the \(name) (seq \(validity.sequence), signed \(iat)) expired \(age(overdue, vi: false)) ago, at \(exp); still used for \(age(tolerated - overdue, vi: false)) more: update it",
                            vi: "\(nameVi) (seq \(validity.sequence), ký lúc \(iat)) đã hết hạn \(age(overdue, vi: true)) trước, lúc \(exp); còn dùng được \(age(tolerated - overdue, vi: true)) nữa: hãy cập nhật")]
        case .expired(let overdue):
            let consequence = trust ? "no signed card can be valid until it is updated" : "recent revocations are unknown until it is updated"
            let consequenceVi = trust ? "không thẻ có chữ ký nào hợp lệ cho đến khi cập nhật" : "không biết các thẻ mới bị thu hồi cho đến khi cập nhật"
            return [Finding(trust ? .trustListExpired : .revocationListExpired, .warning,
                            "the \(name) (seq \(validity.sequence), signed \(iat)) expired \(age(overdue, vi: false)) ago, at \(exp), more than the \(age(tolerated, vi: false)) tolerated: \(consequence)",
                            vi: "\(nameVi) (seq \(validity.sequence), ký lúc \(iat)) đã hết hạn \(age(overdue, vi: true)) trước, lúc \(exp), quá \(age(tolerated, vi: true)) cho phép: \(consequenceVi)",
                            withholdsValidity: trust)]
        }
    }

    /// `3 days`, `5 hours`, `12 minutes` (`3 ngày`, …), rounded down.
    static func age(_ seconds: Int64, vi: Bool) -> String {
        let s = max(0, seconds)
        if s >= 86_400 { let d = s / 86_400; return vi ? "\(d) ngày" : "\(d) day\(d == 1 ? "" : "s")" }
        if s >= 3600 { let h = s / 3600; return vi ? "\(h) giờ" : "\(h) hour\(h == 1 ? "" : "s")" }
        let m = s / 60
        return vi ? "\(m) phút" : "\(m) minute\(m == 1 ? "" : "s")"
    }
}
