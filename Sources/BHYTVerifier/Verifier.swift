import BHYTCard
import BHYTCOSE

/// Verifies card QR text: decodes it once (the card codecs, each stage with its code), lets
/// the core authenticate a signed card against the trust list, then runs the policies and
/// returns a verdict listing every finding. Thread-safe; holds no clock (the time is in the settings).
public struct Verifier: Sendable {
    /// The lists, the time and the facility every verification uses.
    public let settings: VerificationSettings
    /// The rules run after decoding and authentication, in order: the built-in ones
    /// (validity period, revocation, card rules, facility), then any a caller added.
    public let policies: [any VerificationPolicy]

    /// Longest input accepted, in bytes; longer is INPUT_TOO_LARGE before any decoding.
    package static let maximumInputLength = 8192

    /// The documented rules (docs/VERIFYING.md): validity period, revocation, card rules,
    /// facility. Every verifier runs them; nothing a caller passes can remove one.
    package static let builtInPolicies: [any VerificationPolicy] = [
        ValidityPeriodPolicy(), RevocationPolicy(), CardRulesPolicy(), FacilityPolicy(),
    ]

    /// A verifier with the built-in rules and, after them, `additionalPolicies` (a clinic's own
    /// rules: they can only add findings — a policy's findings never remove another's). Library
    /// users start from ``ClinicLists`` (``init(lists:time:facility:maximumStaleness:additionalPolicies:)``),
    /// which wires the lists' dates in; settings put together by hand could leave them out.
    package init(settings: VerificationSettings, additionalPolicies: [any VerificationPolicy] = []) {
        self.settings = settings
        self.policies = Verifier.builtInPolicies + additionalPolicies
    }

    /// A verifier running exactly `policies` (tests that show the core holds without them).
    package init(settings: VerificationSettings, onlyPolicies policies: [any VerificationPolicy]) {
        self.settings = settings
        self.policies = policies
    }

    /// Verifies one card's QR text.
    public func verify(_ input: String) -> Verdict {
        let time = settings.time
        guard input.utf8.count <= Verifier.maximumInputLength else {
            let n = input.utf8.count, max = Verifier.maximumInputLength
            return Verdict.refused(.inputTooLarge, .inputTooLarge(bytes: n, limit: max), time: time)
        }
        switch CardTextKind.of(input) {
        case .signed: return verifySigned(input)
        case .legacy: return verifyLegacy(input)
        case .none: break
        }
        let empty = input.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        return Verdict.refused(.formatUnknown, empty ? .empty : .notCardText, time: time)
    }

    private func verifySigned(_ input: String) -> Verdict {
        let contents: SignedCardContents
        do {
            contents = try SignedCardCodec.decode(input)
        } catch {
            return Verdict(subject: nil, format: .signed, findings: [Finding(error.code, .error, error.isReadingFault ? .readingFault(error.detail) : .technical(error.detail))],
                           kid: nil, algorithm: nil, time: settings.time)
        }
        // The trust list's own freshness belongs to the core, not to a removable policy: an
        // expired list withholds validity (TRUST_LIST_EXPIRED) whatever policies run.
        let freshness = ListFreshness.findings(.trust, settings: settings)
        switch TrustCore.authenticate(contents, trust: settings.trust) {
        case .refused(let finding):
            return Verdict(subject: nil, format: .signed, findings: [finding] + freshness, kid: contents.kid, algorithm: contents.algorithm, time: settings.time)
        case .authenticated(let card):
            return judge(.signed(card), findings: freshness, kid: card.kid, algorithm: card.algorithm)
        }
    }

    private func verifyLegacy(_ input: String) -> Verdict {
        let read: LegacyCardText
        do {
            read = try LegacyCodec.read(input)
        } catch {
            let code: ReasonCode = error.code == .imeMangled ? .imeMangled : error.code == .legacyTooLong ? .inputTooLarge : .legacyMalformed
            return Verdict(subject: nil, format: .legacy, findings: [Finding(code, .error, .legacyText(error))],
                           kid: nil, algorithm: nil, time: settings.time)
        }
        var findings: [Finding] = []
        if let method = read.repairedFrom { findings.append(Finding(.imeMangled, .warning, .inputMethodRepaired(method))) }
        return judge(.legacy(read), findings: findings, kid: nil, algorithm: nil)
    }

    /// The policies over a decoded card; a legacy card is always LEGACY_UNSIGNED (unverified at best).
    private func judge(_ subject: VerificationSubject, findings: [Finding], kid: [UInt8]?, algorithm: COSEAlgorithm?) -> Verdict {
        var all = findings
        for policy in policies { all += policy.findings(for: subject, settings: settings) }
        if case .legacy = subject { all.append(Finding(.legacyUnsigned, .warning)) }
        return Verdict(subject: subject, format: subject.format, findings: all, kid: kid, algorithm: algorithm, time: settings.time)
    }
}
