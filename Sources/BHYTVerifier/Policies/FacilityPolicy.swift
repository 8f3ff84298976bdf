import BHYTCard

/// The card is registered at this clinic (FACILITY_ELSEWHERE, a warning), when one is set.
package struct FacilityPolicy: VerificationPolicy {
    package init() {}
    package var codes: [ReasonCode] { [.facilityElsewhere] }

    package func findings(for subject: VerificationSubject, settings: VerificationSettings) -> [Finding] {
        guard let here = settings.facility, subject.card.registeredFacility != here else { return [] }
        return [Finding(.facilityElsewhere, .warning, .registeredElsewhere(card: subject.card.registeredFacility, here: here))]
    }
}
