import BHYTCard
import BHYTCBOR
import BHYTCOSE

/// Everything a verification needs besides the card: whom to trust, what is revoked,
/// when it is, where it is.
public struct VerificationSettings: Sendable {
    /// Trusted issuer keys.
    public var trust: TrustList
    /// Revoked cards.
    public var revocations: RevocationList
    /// The verification time, seconds since the epoch (inject it; the library never reads a clock).
    public var time: Int64
    /// This clinic's 5-character facility code (mã cơ sở KCB), if set.
    public var facility: FacilityCode?

    public init(trust: TrustList = TrustList(), revocations: RevocationList = RevocationList(), time: Int64, facility: FacilityCode? = nil) {
        self.trust = trust
        self.revocations = revocations
        self.time = time
        self.facility = facility
    }
}

/// What policies establish as they run, and the findings so far.
public struct VerificationState: Sendable {
    public let input: String
    public let settings: VerificationSettings
    public internal(set) var format: CardFormat = .unknown
    // Signed-card stages, filled in order.
    public internal(set) var digits: Substring?
    public internal(set) var rawBytes: [UInt8]?
    public internal(set) var coseBytes: [UInt8]?
    public internal(set) var message: COSESign1?
    public internal(set) var algorithm: COSEAlgorithm?
    public internal(set) var kid: [UInt8]?
    /// The payload parsed as CBOR once (for iat, then for the claims); not judged until after the signature.
    public internal(set) var payload: CBOR?
    /// Trusted keys that may have made the signature (kid matches, valid at iat).
    public internal(set) var candidates: [TrustedKey] = []
    public internal(set) var signer: TrustedKey?
    public internal(set) var claims: CWTClaims?
    // Legacy
    public internal(set) var legacy: LegacyCardText?
    /// The card, once read.
    public internal(set) var card: Card?
    public internal(set) var findings: [Finding] = []

    init(input: String, settings: VerificationSettings) {
        self.input = input
        self.settings = settings
    }

    mutating func add(_ finding: Finding) { findings.append(finding) }
}

/// Whether later policies can run.
public enum PolicyOutcome: Sendable {
    case proceed
    /// Stop: a fatal finding was added (nothing after this can be judged).
    case stop
}

/// One verification rule with its own reason code (the shape of swift-certificates'
/// `VerifierPolicy`): it reads what earlier rules established, adds findings, and says
/// whether the rest can run.
public protocol VerificationPolicy: Sendable {
    /// The reason codes this rule can report.
    var codes: [ReasonCode] { get }
    func evaluate(_ state: inout VerificationState) -> PolicyOutcome
}
