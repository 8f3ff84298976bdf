import BHYTCard
import BHYTCOSE

/// Everything a verification needs besides the card: whom to trust, what is revoked,
/// when it is, where it is.
public struct VerificationSettings: Sendable {
    /// Trusted issuer keys.
    package var trust: TrustList
    /// Revoked cards.
    package var revocations: RevocationList
    /// The verification time, seconds since the epoch (inject it; the library never reads a clock).
    public var time: Int64
    /// This clinic's 5-character facility code (mã cơ sở KCB), if set.
    public var facility: FacilityCode?
    /// `iat`, `exp`, `seq` of a signed trust list; `nil` for a plain one (no freshness to judge).
    package var trustListValidity: ListValidity?
    /// `iat`, `exp`, `seq` of a signed revocation list; `nil` for a plain one.
    package var revocationListValidity: ListValidity?
    /// How long after its `exp` a signed list is still used (with a warning), in seconds: after
    /// that a trust list lets no signed card be valid. 0 for a strict site.
    package var maximumStaleness: Int64 = VerificationSettings.defaultMaximumStaleness

    /// 30 days.
    public static let defaultMaximumStaleness: Int64 = 30 * 86_400

    /// The settings of one verification: lists, time (seconds since the epoch), facility.
    package init(trust: TrustList = TrustList(), revocations: RevocationList = RevocationList(), time: Int64, facility: FacilityCode? = nil) {
        self.trust = trust
        self.revocations = revocations
        self.time = time
        self.facility = facility
    }
}

/// What the policies judge: a signed card the core authenticated, or a legacy card (which
/// nothing can authenticate offline). A signed card that was not authenticated never
/// reaches a policy.
public enum VerificationSubject: Sendable {
    case signed(AuthenticatedCard)
    case legacy(LegacyCardText)

    /// The card.
    public var card: Card {
        switch self {
        case .signed(let a): return a.card
        case .legacy(let l): return l.card
        }
    }

    /// Signed or legacy.
    package var format: CardFormat {
        switch self {
        case .signed: return .signed
        case .legacy: return .legacy
        }
    }
}

/// One rule over a card, with its own reason codes (the shape of swift-certificates'
/// `VerifierPolicy`): stateless, it reads the subject and the settings and returns its
/// findings. Policies can only add findings; they cannot make a card valid — that takes
/// an ``AuthenticatedCard``, which only the verifier's core makes.
public protocol VerificationPolicy: Sendable {
    /// The reason codes this rule can report.
    var codes: [ReasonCode] { get }
    func findings(for subject: VerificationSubject, settings: VerificationSettings) -> [Finding]
}
