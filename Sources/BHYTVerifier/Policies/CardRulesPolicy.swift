import BHYTCard

/// The card's own rules (``Card/validate()``): problems with the code or benefit level are
/// CARD_CODE_INVALID; other errors are the format's malformed code (CLAIMS_INVALID,
/// LEGACY_MALFORMED); warnings pass through with their own codes.
package struct CardRulesPolicy: VerificationPolicy {
    package init() {}
    package var codes: [ReasonCode] { [.cardCodeInvalid, .claimsInvalid, .legacyMalformed] }

    package func findings(for subject: VerificationSubject, settings: VerificationSettings) -> [Finding] {
        subject.card.validate().map { issue in
            switch issue.severity {
            case .warning:
                return Finding(issue.code, .warning, .cardRule(issue))
            case .error:
                let code: ReasonCode = issue.field == .code || issue.field == .benefitLevel ? .cardCodeInvalid
                    : subject.format == .signed ? .claimsInvalid : .legacyMalformed
                return Finding(code, .error, .cardRule(issue))
            }
        }
    }
}
