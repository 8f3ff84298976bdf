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

    /// Verifies one card's QR text; with `id`, also compares the citizen ID shown with it (its QR text,
    /// CCCD): the verdict's ``Verdict/identity`` says whether the person is the holder, the
    /// guardian a child's card names, or neither (`ID_MISMATCH`, an error: the card may be
    /// genuine, this visit is not its holder's). An ID that does not read is a warning
    /// (`CCCD_MALFORMED`) and leaves the card's verdict as it is. The card's content is
    /// compared only once read: a signed card only once authenticated.
    public func verify(_ input: String, id: String? = nil) -> Verdict {
        let time = settings.time
        guard input.utf8.count <= Verifier.maximumInputLength else {
            let n = input.utf8.count, max = Verifier.maximumInputLength
            return Verdict.refused(.inputTooLarge, .inputTooLarge(bytes: n, limit: max), time: time)
        }
        switch CardTextKind.of(input) {
        case .signed: return verifySigned(input, id: id)
        case .legacy: return verifyLegacy(input, id: id)
        case .citizenID: return citizenIDAlone(input)
        case .none: break
        }
        let empty = input.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        return Verdict.refused(.formatUnknown, empty ? .empty : .notCardText, time: time)
    }

    /// A citizen ID's QR where a card was expected: who it is (`CCCD_ONLY`), or why it does not read.
    private func citizenIDAlone(_ input: String) -> Verdict {
        do {
            let person = try CitizenIDCodec.read(input)
            return Verdict(subject: nil, format: .cccd, findings: [Finding(.cccdOnly, .error)], kid: nil, algorithm: nil,
                           time: settings.time, person: person)
        } catch {
            return Verdict(subject: nil, format: .cccd, findings: [Finding(.cccdMalformed, .error, .citizenIDText(error))],
                           kid: nil, algorithm: nil, time: settings.time)
        }
    }

    private func verifySigned(_ input: String, id: String?) -> Verdict {
        let contents: SignedCardContents
        do {
            contents = try SignedCardCodec.decode(input)
        } catch {
            var finding = Finding(error.code, .error, error.isReadingFault ? .readingFault(error.detail) : .technical(error.detail))
            if error.code == .claimsInvalid, let altered = alteredClaims(input, cause: error.detail) { finding = altered }
            return Verdict(subject: nil, format: .signed, findings: [finding], kid: nil, algorithm: nil, time: settings.time)
        }
        // The trust list's own freshness belongs to the core, not to a removable policy: an
        // expired list withholds validity (TRUST_LIST_EXPIRED) whatever policies run.
        let freshness = ListFreshness.findings(.trust, settings: settings)
        switch TrustCore.authenticate(contents, trust: settings.trust) {
        case .refused(let finding):
            return Verdict(subject: nil, format: .signed, findings: [finding] + freshness, kid: contents.kid, algorithm: contents.algorithm, time: settings.time)
        case .authenticated(let card):
            return judge(.signed(card), findings: freshness, kid: card.kid, algorithm: card.algorithm, id: id)
        }
    }

    /// Claims that do not read under a signature no trusted key made: the card was altered or
    /// damaged (a changed digit), not issued malformed — SIGNATURE_INVALID, with the claims'
    /// fault as technical detail. `nil` when a trusted key did make it (then CLAIMS_INVALID
    /// stands: a signed card the agency must hear about) or no trusted key has the kid.
    private func alteredClaims(_ input: String, cause: String) -> Finding? {
        guard let e = try? SignedCardCodec.envelope(of: input) else { return nil }
        let keys = settings.trust.keys(withKID: e.kid).filter { $0.publicKey.algorithm == e.algorithm }
        guard !keys.isEmpty else { return nil }
        let signed = e.message.signedBytes
        guard !keys.contains(where: { $0.publicKey.isValidSignature(e.message.signature, for: signed) }) else { return nil }
        return Finding(.signatureInvalid, .error, .technical("no trusted key made the signature; the claims do not read either (\(cause))"))
    }

    private func verifyLegacy(_ input: String, id: String?) -> Verdict {
        let read: LegacyCardText
        do {
            read = try LegacyCodec.read(input)
        } catch {
            let code: ReasonCode = error.code == .imeMangled ? .imeMangled : error.code == .legacyTooLong ? .inputTooLarge : .legacyMalformed
            return Verdict(subject: nil, format: .legacy, findings: [Finding(code, .error, .legacyText(error))],
                           kid: nil, algorithm: nil, time: settings.time)
        }
        var findings: [Finding] = []
        if let method = read.repairedFrom {
            findings.append(Finding(.imeMangled, .warning, .inputMethodRepaired(method, checkStringLost: read.checkStringLost)))
        }
        return judge(.legacy(read), findings: findings, kid: nil, algorithm: nil, id: id)
    }

    /// The policies over a decoded card; a legacy card is always LEGACY_UNSIGNED (unverified at best).
    private func judge(_ subject: VerificationSubject, findings: [Finding], kid: [UInt8]?, algorithm: COSEAlgorithm?, id: String?) -> Verdict {
        var all = findings
        for policy in policies { all += policy.findings(for: subject, settings: settings) }
        if case .legacy = subject { all.append(Finding(.legacyUnsigned, .warning)) }
        var identity: IdentityMatch?
        var presented: String?
        if let id {
            do {
                let person = try CitizenIDCodec.read(id)
                let match = IdentityMatch(card: subject.card, id: person)
                presented = person.personalId
                if match.match == .mismatch { all.append(Finding(.idMismatch, .error, .identityDiffers(match.different))) }
                identity = match
            } catch {
                all.append(Finding(.cccdMalformed, .warning, .citizenIDText(error)))
            }
        }
        return Verdict(subject: subject, format: subject.format, findings: all, kid: kid, algorithm: algorithm, time: settings.time,
                       identity: identity, presentedPersonalId: presented)
    }
}
