import BHYTCard
import BHYTCOSE
import BHYTJSON

/// One thing the verifier found: a code, how serious, and what exactly, as typed values (the
/// words for people are rendered from them by ``FindingText``).
public struct Finding: Sendable, Hashable {
    /// The stable reason code (docs/VERIFYING.md).
    public let code: ReasonCode
    /// An error, or a warning.
    public let severity: Severity
    /// What exactly was found: a date, a number, a key id, a technical cause.
    public let detail: FindingDetail

    /// A warning that keeps an authenticated card from being `valid` (it is `unverified`): the
    /// trust list it was authenticated with is too old to vouch for it (TRUST_LIST_EXPIRED).
    /// Like every finding it can only lower a verdict.
    public let withholdsValidity: Bool

    /// A finding with its code, severity and detail (a clinic's own policy gives its words
    /// with ``FindingDetail/described(en:vi:)``).
    public init(_ code: ReasonCode, _ severity: Severity = .error, _ detail: FindingDetail = .none, withholdsValidity: Bool = false) {
        self.code = code
        self.severity = severity
        self.withholdsValidity = withholdsValidity
        self.detail = detail
    }

    /// The receptionist's message in `lang` (``FindingText/message(_:_:)``).
    public func message(_ lang: Language) -> String { FindingText.message(self, lang) }

    /// Whether this error says only that no card could be read (docs/VERIFYING.md, "Could not
    /// read is not invalid"): too much input, no QR in a picture, text that is no card, a signed
    /// QR's digits cut short or not digits, input-method text with no single repair, legacy text cut short
    /// (too few or too many fields, or empty). A field in the wrong format, a bad signature or
    /// anything else read and found wrong is not.
    package var meansUnreadable: Bool {
        switch code {
        case .inputTooLarge, .imageNoQR, .imageTooComplex, .formatUnknown, .imeMangled, .cccdOnly, .cccdMalformed:
            return true
        case .base10Invalid:
            if case .readingFault = detail { return true }
            return false
        case .legacyMalformed:
            guard case .legacyText(let error) = detail else { return false }
            return error.code == .legacyFieldCount || error.code == .legacyEmpty
        default:
            return false
        }
    }
}

/// The outcome for one card.
public enum VerdictStatus: String, Sendable, Hashable, CaseIterable {
    /// A signed card from a trusted issuer, valid now, with no error.
    case valid
    /// Any error.
    case invalid
    /// No error, but nothing vouches for the card now: a legacy card (it cannot be authenticated
    /// offline), or a signed card authenticated with a trust list expired past the tolerated staleness.
    case unverified
    /// No card could be read (không đọc được): a photo with no readable QR, a cut scan, text
    /// typed through a Vietnamese input method with no single repair, text that is no card. It
    /// says nothing about the patient's card: scan or photograph again. Never `valid`.
    case unreadable
}

/// Which kind of card text it was.
public enum CardFormat: String, Sendable, Hashable {
    case signed, legacy, unknown
    /// A citizen ID's QR (CCCD): a person, no card.
    case cccd
}

/// Everything the verifier says about one input: status, format, every finding, and the card.
/// Only the verifier makes verdicts; `valid` needs an ``AuthenticatedCard`` and no error.
public struct Verdict: Sendable {
    /// `valid`, `invalid` or `unverified`: `valid` only from a card the core authenticated.
    public let status: VerdictStatus
    /// What the input was read as: signed, legacy, or unknown.
    public let format: CardFormat
    /// Every finding, in the order the rules ran.
    public let findings: [Finding]
    /// The card: a signed card once authenticated, a legacy card once read; `nil` otherwise
    /// (the content of a card whose signature did not verify is not shown as if it were true).
    public let card: Card?
    /// For signed cards: the issuer (`iss`) and the signing time (`iat`), once authenticated.
    public let issuer: String?
    /// The card's signing time (`iat`), for a signed card.
    public let issuedAt: Int64?
    /// For signed cards: the key id and the algorithm from the header, once decoded.
    public let kid: [UInt8]?
    /// The signature's algorithm, for a signed card.
    public let algorithm: COSEAlgorithm?
    /// The verification time used.
    public let time: Int64
    /// How the citizen ID shown with the card compares with it (``Verifier/verify(_:id:)``):
    /// `nil` when no ID was given, it did not read, or no card was read to compare it with.
    public let identity: IdentityMatch?
    /// The person, when the input was a citizen ID alone (`CCCD_ONLY`): shown so that the
    /// receptionist can look the card up.
    package let person: CitizenID?
    /// The personal ID of the citizen ID compared with the card (for a keyed hash in a record;
    /// never written out).
    package let presentedPersonalId: String?

    /// The status follows from what there is, in one place: when no card was read and every
    /// error says only that (``Finding/meansUnreadable``), unreadable; otherwise an error makes
    /// any card invalid; otherwise an authenticated card is valid (unverified when a finding
    /// withholds validity) and a legacy card unverified; nothing else is.
    init(subject: VerificationSubject?, format: CardFormat, findings: [Finding], kid: [UInt8]?, algorithm: COSEAlgorithm?, time: Int64,
         identity: IdentityMatch? = nil, person: CitizenID? = nil, presentedPersonalId: String? = nil) {
        let errors = findings.filter { $0.severity == .error }
        if subject == nil, !errors.isEmpty, errors.allSatisfy(\.meansUnreadable) {
            status = .unreadable
        } else if !errors.isEmpty {
            status = .invalid
        } else {
            switch subject {
            case .signed?: status = findings.contains(where: \.withholdsValidity) ? .unverified : .valid
            case .legacy?: status = .unverified
            case nil: status = .invalid
            }
        }
        self.format = format
        self.findings = findings
        card = subject?.card
        if case .signed(let a)? = subject {
            issuer = a.issuer
            issuedAt = a.issuedAt
        } else {
            issuer = nil
            issuedAt = nil
        }
        self.kid = kid
        self.algorithm = algorithm
        self.time = time
        self.identity = subject == nil ? nil : identity
        self.person = person
        self.presentedPersonalId = subject == nil ? nil : presentedPersonalId
    }

    /// This verdict with one more warning found by a later layer (the desk's check-in records:
    /// ``ReasonCode/repeatVisit``). A warning never changes the status the core decided, so the
    /// status, the card and everything else are kept as they are.
    package func adding(warning code: ReasonCode, _ detail: FindingDetail) -> Verdict {
        Verdict(copying: self, findings: findings + [Finding(code, .warning, detail)])
    }

    private init(copying v: Verdict, findings: [Finding]) {
        status = v.status
        format = v.format
        self.findings = findings
        card = v.card
        issuer = v.issuer
        issuedAt = v.issuedAt
        kid = v.kid
        algorithm = v.algorithm
        time = v.time
        identity = v.identity
        person = v.person
        presentedPersonalId = v.presentedPersonalId
    }

    /// A refusal for an input that never became card text (an image with no QR, say): unreadable
    /// when its code says only that nothing was read, otherwise invalid.
    package static func refused(_ code: ReasonCode, _ detail: FindingDetail, time: Int64) -> Verdict {
        Verdict(subject: nil, format: .unknown, findings: [Finding(code, .error, detail)], kid: nil, algorithm: nil, time: time)
    }

    /// The error findings' codes.
    package var errors: [ReasonCode] { findings.filter { $0.severity == .error }.map(\.code) }

    /// The documented JSON form (docs/VERIFYING.md), written straight into `w`; `input` names
    /// where the card came from (`argument 2`, `FILE:LINE`, `stdin:LINE`).
    /// The verdict as `bhyt verify --json` writes it (docs/schemas/verdict.schema.json): one JSON
    /// object, messages in `lang`, `input` naming where the card came from when given.
    public func jsonText(_ lang: Language, input: String? = nil) -> String {
        var w = JSONWriter(capacity: 1536)
        writeJSON(to: &w, lang, input: input)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    ///
    /// `forLog` leaves out the personal ID (the card's and a CCCD's), for a log or a record.
    package func writeJSON(to w: inout JSONWriter, _ lang: Language, input: String? = nil, forLog: Bool = false) {
        w.beginObject()
        if let input { w.member("input", input) }
        w.member("status", status.rawValue)
        w.member("format", format.rawValue)
        w.key("reasons")
        w.beginArray()
        for f in findings {
            w.beginObject()
            w.member("code", f.code.rawValue)
            w.member("severity", f.severity.rawValue)
            w.member("message", FindingText.summary(f.code, lang))
            w.member("detail", FindingText.detail(f.detail, lang))
            w.endObject()
        }
        w.endArray()
        w.member("iss", issuer)
        w.member("kid", kid.map { Base64.encode($0, url: true, padded: false) })
        w.member("alg", algorithm?.name)
        w.member("iat", issuedAt)
        w.member("verifiedAt", time)
        w.key("card")
        if let card { card.writeJSON(to: &w, redactingPersonalId: forLog) } else { w.null() }
        w.key("identity")
        if let identity {
            w.beginObject()
            w.member("match", identity.match.rawValue)
            w.key("fields")
            w.beginObject()
            w.member("personalId", identity.fields[.personalId]?.rawValue)
            w.member("name", identity.fields[.name]?.rawValue)
            w.member("birthDate", identity.fields[.birthDate]?.rawValue)
            w.member("sex", identity.fields[.sex]?.rawValue)
            w.endObject()
            w.endObject()
        } else {
            w.null()
        }
        if let person {
            // Who the CCCD shows (never its address; its number only to the caller, not a log).
            w.key("person")
            w.beginObject()
            if !forLog { w.member("personalId", person.personalId) }
            w.member("fullName", person.fullName)
            w.key("birthDate")
            w.asciiString { person.birthDate.appendISO(to: &$0) }
            w.member("sex", person.sex.jsonName)
            w.endObject()
        }
        w.endObject()
    }

    /// The JSON form as a value.
    package func json(_ lang: Language, input: String? = nil) -> JSONValue {
        var w = JSONWriter()
        writeJSON(to: &w, lang, input: input)
        return (try? JSONParser.parse(w.bytes)) ?? .null
    }
}
