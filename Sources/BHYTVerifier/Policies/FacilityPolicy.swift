import BHYTCard

/// The card is registered at this clinic (FACILITY_ELSEWHERE, a warning), when one is set.
package struct FacilityPolicy: VerificationPolicy {
    package init() {}
    package var codes: [ReasonCode] { [.facilityElsewhere] }

    package func findings(for subject: VerificationSubject, settings: VerificationSettings) -> [Finding] {
        guard let here = settings.facility, subject.card.registeredFacility != here else { return [] }
        let there = subject.card.registeredFacility.display
        return [Finding(.facilityElsewhere, .warning, "registered at \(there), this is \(here.display)",
                        vi: "đăng ký tại \(there), nơi này là \(here.display)")]
    }
}
