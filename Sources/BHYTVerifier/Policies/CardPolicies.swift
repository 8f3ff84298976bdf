import BHYTCard

/// The card is valid at the verification time: `nbf`/`exp` for signed cards, the card's
/// dates in Vietnam time (UTC+7) for legacy ones (NOT_YET_VALID, EXPIRED). A card signed
/// more than ``clockSkew`` after the verification time is NOT_YET_VALID too.
public struct ValidityPeriodPolicy: VerificationPolicy {
    /// Tolerated difference between the issuer's clock and ours, in seconds.
    public static let clockSkew: Int64 = 300
    public init() {}
    public var codes: [ReasonCode] { [.notYetValid, .expired] }
    public func evaluate(_ s: inout VerificationState) -> PolicyOutcome {
        guard let card = s.card else { return .stop }
        let start = s.claims?.notBefore ?? card.validFrom.startInVietnam
        let end = s.claims.map { $0.expires } ?? card.validTo?.endInVietnam
        let now = s.settings.time
        if let iat = s.claims?.issuedAt, iat > now + ValidityPeriodPolicy.clockSkew {
            s.add(Finding(.notYetValid, .error, "signed at \(VietnamTime.format(iat)), after the verification time (check the clock)"))
        } else if now < start {
            s.add(Finding(.notYetValid, .error, "valid from \(card.validFrom.legacyText)"))
        } else if let end, now > end {
            s.add(Finding(.expired, .error, "valid until \(card.validTo?.legacyText ?? VietnamTime.format(end))"))
        }
        return .proceed
    }
}

/// The card is not on the revocation list (REVOKED). A dated entry revokes cards signed
/// before the date (legacy cards: issued before it, or of unknown issue date).
public struct RevocationPolicy: VerificationPolicy {
    public init() {}
    public var codes: [ReasonCode] { [.revoked] }
    public func evaluate(_ s: inout VerificationState) -> PolicyOutcome {
        guard let card = s.card else { return .stop }
        guard let sin = card.socialInsuranceNumber else { return .proceed }
        let when = s.claims?.issuedAt ?? card.issueDate?.startInVietnam
        if s.settings.revocations.isRevoked(socialInsuranceNumber: sin, issuedAt: when) {
            s.add(Finding(.revoked, .error, "social-insurance number \(sin) is on the revocation list"))
        }
        return .proceed
    }
}

/// The card's own rules (Card.validate()): problems with the code or benefit level are
/// CARD_CODE_INVALID; other errors are the format's malformed code (CLAIMS_INVALID,
/// LEGACY_MALFORMED); warnings pass through with their own codes.
public struct CardRulesPolicy: VerificationPolicy {
    public init() {}
    public var codes: [ReasonCode] { [.cardCodeInvalid, .claimsInvalid, .legacyMalformed] }
    public func evaluate(_ s: inout VerificationState) -> PolicyOutcome {
        guard let card = s.card else { return .stop }
        for issue in card.validate() {
            switch issue.severity {
            case .warning:
                s.add(Finding(ReasonCode(rawValue: issue.code), .warning, issue.message))
            case .error:
                let code: ReasonCode = issue.field == .code || issue.field == .benefitLevel ? .cardCodeInvalid
                    : s.format == .signed ? .claimsInvalid : .legacyMalformed
                s.add(Finding(code, .error, "\(issue.code): \(issue.message)"))
            }
        }
        return .proceed
    }
}

/// The card is registered at this clinic (FACILITY_ELSEWHERE, a warning), when one is set.
public struct FacilityPolicy: VerificationPolicy {
    public init() {}
    public var codes: [ReasonCode] { [.facilityElsewhere] }
    public func evaluate(_ s: inout VerificationState) -> PolicyOutcome {
        guard let card = s.card, let here = s.settings.facility else { return .proceed }
        if card.registeredFacility != here {
            s.add(Finding(.facilityElsewhere, .warning, "registered at \(card.registeredFacility.display), this is \(here.display)"))
        }
        return .proceed
    }
}
