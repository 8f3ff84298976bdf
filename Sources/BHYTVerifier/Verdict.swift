import BHYTCard
import BHYTCOSE
import BHYTJSON

/// One thing the verifier found: a code, how serious, and a message for people.
public struct Finding: Sendable, Hashable {
    public let code: ReasonCode
    public let severity: Severity
    /// Technical detail (English), for logs and developers.
    public let detail: String

    public init(_ code: ReasonCode, _ severity: Severity = .error, _ detail: String = "") {
        self.code = code
        self.severity = severity
        self.detail = detail
    }

    /// The receptionist's message, with the detail when there is one.
    public func message(_ lang: Language) -> String {
        let summary = ReasonText.summary(code, lang)
        return detail.isEmpty ? summary : "\(summary) (\(detail))"
    }
}

/// The outcome for one card.
public enum VerdictStatus: String, Sendable, Hashable, CaseIterable {
    /// A signed card from a trusted issuer, valid now, with no error.
    case valid
    /// Any error.
    case invalid
    /// A legacy card with no error: it cannot be authenticated offline.
    case unverified
}

/// Which kind of card text it was.
public enum CardFormat: String, Sendable, Hashable {
    case signed, legacy, unknown
}

/// Everything the verifier says about one input: status, format, every finding, and the card.
public struct Verdict: Sendable {
    public let status: VerdictStatus
    public let format: CardFormat
    /// Every finding, in the order the policies ran.
    public let findings: [Finding]
    /// The card, when one could be read (also for invalid cards, to show what it claims).
    public let card: Card?
    /// For signed cards: the issuer (`iss`), the key id, the algorithm, when it was signed.
    public let issuer: String?
    public let kid: [UInt8]?
    public let algorithm: COSEAlgorithm?
    public let issuedAt: Int64?
    /// The verification time used.
    public let time: Int64

    /// The error findings' codes.
    public var errors: [ReasonCode] { findings.filter { $0.severity == .error }.map(\.code) }

    /// The documented JSON form (docs/VERIFYING.md).
    public func json(_ lang: Language, input: String? = nil) -> JSONValue {
        var m: [JSONMember] = []
        if let input { m.append(JSONMember("input", .string(input))) }
        m += [
            JSONMember("status", .string(status.rawValue)),
            JSONMember("format", .string(format.rawValue)),
            JSONMember("reasons", .array(findings.map {
                .object(["code": .string($0.code.rawValue), "severity": .string($0.severity.rawValue), "message": .string($0.message(lang))])
            })),
            JSONMember("iss", .optional(issuer)),
            JSONMember("kid", .optional(kid.map { Base64.encode($0, url: true, padded: false) })),
            JSONMember("alg", .optional(algorithm?.name)),
            JSONMember("iat", issuedAt.map(JSONValue.int) ?? .null),
            JSONMember("verifiedAt", .int(time)),
            JSONMember("card", card?.json ?? .null),
        ]
        return .object(m)
    }
}
