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
                let signed = VietnamTime.format(a.issuedAt), at = VietnamTime.format(now)
                return [Finding(.notYetValid, .error,
                                "signed at \(signed), after the verification time \(at): check this computer's date and clock",
                                vi: "thẻ ký lúc \(signed), sau thời điểm kiểm tra \(at): kiểm tra lại ngày giờ của máy tính này")]
            }
            (start, end) = (a.notBefore, a.expires)
        case .legacy:
            (start, end) = (card.validFrom.startInVietnam, card.validTo?.endInVietnam)
        }
        if now < start {
            return [Finding(.notYetValid, .error, "valid from \(card.validFrom.legacyText)", vi: "có giá trị từ \(card.validFrom.legacyText)")]
        }
        if let end, now > end {
            let to = card.validTo?.legacyText ?? VietnamTime.format(end)
            return [Finding(.expired, .error, "valid until \(to)", vi: "có giá trị đến ngày \(to)")]
        }
        return []
    }
}
