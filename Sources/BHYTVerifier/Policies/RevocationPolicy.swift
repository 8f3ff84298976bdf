import BHYTCard

/// The card is not on the revocation list (REVOKED): neither its social-insurance number nor
/// its card code. A dated entry revokes cards signed before the date (legacy cards: issued
/// before it, or of unknown issue date). A signed revocation list past its `exp` adds
/// REVOCATION_LIST_STALE, then REVOCATION_LIST_EXPIRED (warnings: a revocation list can only
/// take validity away, so an old one is reported, not a reason to refuse every card).
package struct RevocationPolicy: VerificationPolicy {
    package init() {}
    package var codes: [ReasonCode] { [.revoked, .revocationListStale, .revocationListExpired] }

    package func findings(for subject: VerificationSubject, settings: VerificationSettings) -> [Finding] {
        var found = ListFreshness.findings(.revocation, settings: settings)
        let card = subject.card
        let when: Int64?
        switch subject {
        case .signed(let a): when = a.issuedAt
        case .legacy: when = card.issueDate?.startInVietnam
        }
        guard settings.revocations.isRevoked(code: card.code, issuedAt: when) else { return found }
        if let sin = card.socialInsuranceNumber, settings.revocations.isRevoked(socialInsuranceNumber: sin, issuedAt: when) {
            found.insert(Finding(.revoked, .error, .revokedNumber(sin)), at: 0)
        } else {
            found.insert(Finding(.revoked, .error, .revokedCode(card.code.text)), at: 0)
        }
        return found
    }
}
