import BHYTCard

/// The card is valid at the verification time: `nbf`/`exp` for signed cards, the card's
/// dates in Vietnam time (UTC+7) for legacy ones (NOT_YET_VALID, EXPIRED). A card signed
/// more than ``clockSkew`` after the verification time is NOT_YET_VALID too: the issuer's
/// clock or this one is wrong.
package struct ValidityPeriodPolicy: VerificationPolicy {
    /// Tolerated difference between the issuer's clock and ours, in seconds.
    package static let clockSkew: Int64 = 300
    package init() {}
    package var codes: [ReasonCode] { [.notYetValid, .expired] }

    package func findings(for subject: VerificationSubject, settings: VerificationSettings) -> [Finding] {
        let now = settings.time
        let card = subject.card
        let start: Int64, end: Int64?
        switch subject {
        case .signed(let a):
            if a.issuedAt > now + ValidityPeriodPolicy.clockSkew {
                return [Finding(.notYetValid, .error, .signedAfterVerification(signedAt: a.issuedAt, verifiedAt: now))]
            }
            (start, end) = (a.notBefore, a.expires)
        case .legacy:
            (start, end) = (card.validFrom.startInVietnam, card.validTo?.endInVietnam)
        }
        if now < start {
            return [Finding(.notYetValid, .error, .validFrom(card.validFrom))]
        }
        if let end, now > end {
            return [Finding(.expired, .error, .validUntil(card.validTo, end: end))]
        }
        return []
    }
}
