import BHYTCard
import BHYTQR

/// Verifies card QR text or images: runs the documented policies in order and returns a
/// verdict listing every finding. Thread-safe; holds no clock (the time is in the settings).
public struct Verifier: Sendable {
    public let settings: VerificationSettings

    /// Longest input accepted, in bytes; longer is INPUT_TOO_LARGE before any decoding.
    public static let maximumInputLength = 8192

    /// The order for signed cards (docs/VERIFYING.md).
    public static let signedPolicies: [any VerificationPolicy] = [
        PrefixPolicy(), Base10Policy(), DecompressPolicy(), COSEStructurePolicy(), AlgorithmPolicy(), KeyIDPolicy(),
        KnownKeyPolicy(), KeyValidAtIssuancePolicy(), SignaturePolicy(), ClaimsPolicy(), IssuerPolicy(),
        ValidityPeriodPolicy(), RevocationPolicy(), CardRulesPolicy(), FacilityPolicy(),
    ]

    /// The order for legacy cards: structure, dates, revocation, card rules, then always unsigned.
    public static let legacyPolicies: [any VerificationPolicy] = [
        LegacyStructurePolicy(), ValidityPeriodPolicy(), RevocationPolicy(), CardRulesPolicy(), FacilityPolicy(),
        LegacyUnsignedPolicy(),
    ]

    public init(settings: VerificationSettings) { self.settings = settings }

    /// Verifies one card's QR text.
    public func verify(_ input: String) -> Verdict {
        var state = VerificationState(input: input, settings: settings)
        if input.utf8.count > Verifier.maximumInputLength {
            state.add(Finding(.inputTooLarge, .error, "\(input.utf8.count) bytes; at most \(Verifier.maximumInputLength)"))
            return verdict(state)
        }
        let trimmed = input.drop { $0 == " " }
        let policies: [any VerificationPolicy]
        if SignedCardCodec.hasPrefix(trimmed) {
            state.format = .signed
            policies = Verifier.signedPolicies
        } else if input.contains("|") {
            state.format = .legacy
            policies = Verifier.legacyPolicies
        } else {
            state.add(Finding(.formatUnknown, .error, trimmed.isEmpty ? "empty input" : "neither \(SignedCardCodec.prefix) nor legacy text"))
            return verdict(state)
        }
        for policy in policies {
            if case .stop = policy.evaluate(&state) { break }
        }
        return verdict(state)
    }

    /// Verifies the one QR code in a PNG image (IMAGE_NO_QR when there is not exactly one).
    public func verify(png: [UInt8]) -> Verdict {
        do {
            return verify(try QRImageReader.readSingle(png: png))
        } catch {
            var state = VerificationState(input: "", settings: settings)
            state.add(Finding(.imageNoQR, .error, error.description))
            return verdict(state)
        }
    }

    private func verdict(_ s: VerificationState) -> Verdict {
        let status: VerdictStatus
        if s.findings.contains(where: { $0.severity == .error }) || s.format == .unknown {
            status = .invalid
        } else {
            status = s.format == .signed ? .valid : .unverified
        }
        return Verdict(status: status, format: s.format, findings: s.findings, card: s.card, issuer: s.claims?.issuer,
                       kid: s.kid, algorithm: s.algorithm, issuedAt: s.claims?.issuedAt, time: settings.time)
    }
}
