import BHYTCOSE
import BHYTJSON

/// The two lists a clinic is given, each signed by the agency's root key (khóa gốc của cơ quan
/// BHXH) as a compact JWS with its own `typ`, so one can never be passed off as the other.
public enum SignedListKind: String, Sendable, Hashable, CaseIterable {
    /// The trust list (danh sách khóa tin cậy): the issuers' keys, `typ` `bhyt-trust+jwt`.
    case trust
    /// The revocation list (danh sách thẻ thu hồi), `typ` `bhyt-revocation+jwt`.
    case revocation

    /// The JWS `typ` of this kind.
    package var type: String {
        switch self {
        case .trust: return "bhyt-trust+jwt"
        case .revocation: return "bhyt-revocation+jwt"
        }
    }

    /// The payload member holding the list itself (`keys` or `revoked`).
    package var listMember: String {
        switch self {
        case .trust: return "keys"
        case .revocation: return "revoked"
        }
    }
}

/// When a signed list was made and until when it is current: `iat` and `exp` (NumericDate
/// seconds) and `seq`, a number the agency only ever increases (a list with a smaller `seq`
/// than one already loaded is a rollback: the list holder).
public struct ListValidity: Sendable, Hashable {
    /// `iat`: when the list was signed.
    public let issuedAt: Int64
    /// `exp`: until when the list is current; after it the list is stale (cũ), then expired (quá hạn).
    public let expires: Int64
    /// `seq`: the list's sequence number.
    public let sequence: Int64

    /// Largest `seq` (and time) accepted: 2^53 − 1, so every JSON reader reads it exactly.
    package static let maximumInteger: Int64 = (1 << 53) - 1

    /// A list's dates and number, checked: integers a JSON reader reads exactly, `exp` after `iat`.
    package init(issuedAt: Int64, expires: Int64, sequence: Int64) throws(SignedListError) {
        let limit = ListValidity.maximumInteger
        guard issuedAt >= 0, issuedAt <= limit else { throw .payload("iat must be a NumericDate (0 to 2^53 − 1)") }
        guard expires >= 0, expires <= limit else { throw .payload("exp must be a NumericDate (0 to 2^53 − 1)") }
        guard expires > issuedAt else { throw .payload("exp must be after iat") }
        guard sequence >= 0, sequence <= limit else { throw .payload("seq must be an integer from 0 to 2^53 − 1") }
        self.issuedAt = issuedAt
        self.expires = expires
        self.sequence = sequence
    }

    /// How current a list is at a time.
    package enum Freshness: Sendable, Hashable {
        /// At or before `exp`.
        case fresh
        /// After `exp` by `overdue` seconds, within the tolerated staleness: still used, with a warning.
        case stale(overdue: Int64)
        /// After `exp` by more than the tolerated staleness.
        case expired(overdue: Int64)
    }

    /// The freshness at `time`, tolerating `maximumStaleness` seconds after `exp` (0: none).
    package func freshness(at time: Int64, maximumStaleness: Int64) -> Freshness {
        guard time > expires else { return .fresh }
        let overdue = time - expires
        return overdue > max(0, maximumStaleness) ? .expired(overdue: overdue) : .stale(overdue: overdue)
    }

    /// Reads `iat`, `exp`, `seq` from a payload object's members (integers only: `1.0`, `"1"`
    /// or a missing member is refused).
    package init(members: [JSONMember]) throws(SignedListError) {
        var values: [Int64] = []
        for name in ["iat", "exp", "seq"] {
            guard let m = members.first(where: { $0.key == name }) else { throw .payload("no \(name)") }
            guard case .int(let v) = m.value else { throw .payload("\(name) must be an integer") }
            values.append(v)
        }
        try self.init(issuedAt: values[0], expires: values[1], sequence: values[2])
    }

    /// The members `iat`, `exp`, `seq`, for writing a payload.
    package var members: [JSONMember] {
        [JSONMember("iat", .int(issuedAt)), JSONMember("exp", .int(expires)), JSONMember("seq", .int(sequence))]
    }
}

/// What a signed list says about itself once read: its kind, its validity, and the root key
/// that signed it — or `nil` when the signature was not checked (no root key pinned).
public struct SignedListInfo: Sendable, Hashable {
    /// Which list it is (by its `typ`).
    public let kind: SignedListKind
    /// Its `iat`, `exp` and `seq`.
    public let validity: ListValidity
    /// The header's kid: the root key the list names.
    public let rootKID: String
    /// The pinned root key that verified the signature; `nil` when none was pinned (not checked).
    public let verifiedBy: PublicKey?
    /// SHA-256 of the signed header and payload (``JWSCompact/contentDigest``): two lists of one
    /// `seq` with different digests are two different lists (``ListHolder`` refuses the second).
    package let contentDigest: [UInt8]

    /// What the reader of a signed list found (``TrustList/signed(_:roots:maximumLength:)``).
    package init(kind: SignedListKind, validity: ListValidity, rootKID: String, verifiedBy: PublicKey?, contentDigest: [UInt8] = []) {
        self.kind = kind
        self.validity = validity
        self.rootKID = rootKID
        self.verifiedBy = verifiedBy
        self.contentDigest = contentDigest
    }
}

/// Opens signed lists: checks the JWS form and `typ`, and the signature against the pinned roots.
package enum SignedList {
    /// Whether text looks like a compact JWS rather than a plain list (a JSON object or
    /// revocation lines): `eyJ` (base64url of `{"`) then base64url characters and two dots.
    package static func looksSigned(_ bytes: [UInt8]) -> Bool {
        var i = 0
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        return bytes[i...].starts(with: Array("eyJ".utf8))
    }

    /// Reads and (with roots) verifies a signed list of `kind`; the payload comes back unparsed.
    /// With no roots the signature is not checked (``SignedListInfo/verifiedBy`` is `nil`).
    package static func open(_ bytes: [UInt8], kind: SignedListKind, roots: [PublicKey], maximumLength: Int)
        throws(SignedListError) -> (jws: JWSCompact, signer: PublicKey?) {
        let jws: JWSCompact
        do {
            jws = try JWSCompact(bytes: bytes, maximumLength: maximumLength)
        } catch {
            throw .jws(error)
        }
        guard jws.type == kind.type else { throw .typeMismatch(expected: kind.type, found: jws.type) }
        guard !roots.isEmpty else { return (jws, nil) }
        do {
            return (jws, try jws.verify(roots: roots))
        } catch {
            throw .jws(error)
        }
    }

    /// A signed list's payload object: `iat`, `exp`, `seq` and the list member, nothing else.
    package static func payloadMembers(_ payload: [UInt8], kind: SignedListKind) throws(SignedListError) -> (ListValidity, JSONValue) {
        let doc: JSONValue
        do {
            doc = try JSONParser.parse(payload)
        } catch {
            throw .payload("not JSON: \(error.reason)")
        }
        guard case .object(let members) = doc else { throw .payload("not a JSON object") }
        let allowed: Set<String> = ["iat", "exp", "seq", kind.listMember]
        if let other = members.first(where: { !allowed.contains($0.key) }) {
            throw .payload("member \"\(other.key)\" is not part of a signed \(kind.rawValue) list")
        }
        let validity = try ListValidity(members: members)
        guard let list = doc[kind.listMember] else { throw .payload("no \"\(kind.listMember)\" array") }
        return (validity, list)
    }

    /// Signs a payload of `kind` (`iat`, `exp`, `seq` first, then the list member) with the root key.
    package static func sign(_ list: JSONValue, kind: SignedListKind, validity: ListValidity, key: SigningKey) throws(COSEError) -> String {
        let payload = JSONValue.object(validity.members + [JSONMember(kind.listMember, list)])
        return try JWSCompact.sign(payload: Array(payload.serialized.utf8), type: kind.type, key: key)
    }
}
