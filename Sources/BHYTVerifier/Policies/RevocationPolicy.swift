import BHYTCard

/// The card is not on the revocation list (REVOKED). A dated entry revokes cards signed
/// before the date (legacy cards: issued before it, or of unknown issue date).
public struct RevocationPolicy: VerificationPolicy {
    public init() {}
    public var codes: [ReasonCode] { [.revoked] }

    public func findings(for subject: VerificationSubject, settings: VerificationSettings) -> [Finding] {
        let card = subject.card
        guard let sin = card.socialInsuranceNumber else { return [] }
        let when: Int64?
        switch subject {
        case .signed(let a): when = a.issuedAt
        case .legacy: when = card.issueDate?.startInVietnam
        }
        guard settings.revocations.isRevoked(socialInsuranceNumber: sin, issuedAt: when) else { return [] }
        return [Finding(.revoked, .error, "social-insurance number \(sin) is on the revocation list",
                        vi: "mã số BHXH \(sin) có trong danh sách thu hồi")]
    }
}
