import BHYTJSON
@preconcurrency import Crypto

/// An issuer key the verifier trusts, with what it may sign for.
public struct TrustedKey: Sendable {
    public let publicKey: PublicKey
    /// The 8-byte kid (SHA-256 of the SPKI, truncated).
    public let kid: [UInt8]
    /// The issuer (`iss`) it may sign for.
    public let issuer: String
    /// Earliest `iat` it may have signed at (NumericDate), if bounded.
    public let notBefore: Int64?
    /// Latest `iat` it may have signed at, if bounded.
    public let expires: Int64?

    public init(publicKey: PublicKey, issuer: String, notBefore: Int64? = nil, expires: Int64? = nil) {
        self.init(publicKey: publicKey, kid: publicKey.kid, issuer: issuer, notBefore: notBefore, expires: expires)
    }

    /// A key listed under a given kid. The trust-list loader only accepts a key's own kid;
    /// this is for building lists in code (and for testing that colliding kids are all tried).
    public init(publicKey: PublicKey, kid: [UInt8], issuer: String, notBefore: Int64? = nil, expires: Int64? = nil) {
        self.publicKey = publicKey
        self.kid = kid
        self.issuer = issuer
        self.notBefore = notBefore
        self.expires = expires
    }

    /// The kid as the trust list writes it: base64url without padding.
    public var kidText: String { Base64.encode(kid, url: true, padded: false) }

    /// Whether the key may have signed at `iat`.
    public func mayHaveSigned(at iat: Int64) -> Bool {
        (notBefore.map { iat >= $0 } ?? true) && (expires.map { iat <= $0 } ?? true)
    }

    /// The key as a JWK (RFC 7517; Ed25519 as OKP, RFC 8037) with `kid`, `alg`, `iss`, `nbf`, `exp`.
    public var jwk: JSONValue {
        var m: [JSONMember] = []
        switch publicKey {
        case .es256(let k):
            let raw = Array(k.rawRepresentation)
            m += [JSONMember("kty", .string("EC")), JSONMember("crv", .string("P-256")),
                  JSONMember("x", .string(Base64.encode(Array(raw[0..<32]), url: true, padded: false))),
                  JSONMember("y", .string(Base64.encode(Array(raw[32..<64]), url: true, padded: false)))]
        case .eddsa(let k):
            m += [JSONMember("kty", .string("OKP")), JSONMember("crv", .string("Ed25519")),
                  JSONMember("x", .string(Base64.encode(Array(k.rawRepresentation), url: true, padded: false)))]
        }
        m += [JSONMember("kid", .string(kidText)), JSONMember("alg", .string(publicKey.algorithm.name)),
              JSONMember("iss", .string(issuer))]
        if let notBefore { m.append(JSONMember("nbf", .int(notBefore))) }
        if let expires { m.append(JSONMember("exp", .int(expires))) }
        return .object(m)
    }
}

/// A trust list: a JWK Set of issuer keys. Keys that break the rules are listed in
/// ``problems`` and left out, never silently trusted.
public struct TrustList: Sendable {
    /// The usable keys.
    public private(set) var keys: [TrustedKey]
    /// One line per entry left out: its position and why.
    public private(set) var problems: [String]
    /// The entries as read (unknown members kept), for rewriting the file.
    private var entries: [JSONValue]

    public init() {
        keys = []
        problems = []
        entries = []
    }

    /// Why a trust list could not be read at all.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// Reads a JWK Set (`{"keys": [...]}`).
    public init(json text: String) throws(LoadError) {
        let doc: JSONValue
        do {
            doc = try JSONParser.parse(text)
        } catch {
            throw LoadError(reason: "the trust list is not JSON: \(error)")
        }
        guard case .array(let list)? = doc["keys"] else { throw LoadError(reason: "the trust list has no \"keys\" array (a JWK Set)") }
        self.init()
        entries = list
        for (i, entry) in list.enumerated() {
            switch TrustList.parse(entry) {
            case .success(let key): keys.append(key)
            case .failure(let why): problems.append("key \(i + 1)\(entry["kid"]?.stringValue.map { " (kid \($0))" } ?? ""): \(why.reason)")
            }
        }
    }

    /// Every trusted key with this kid (8 bytes can collide: the verifier tries each).
    public func keys(withKID kid: [UInt8]) -> [TrustedKey] { keys.filter { $0.kid == kid } }

    /// A copy with a key added.
    public func adding(_ key: TrustedKey) -> TrustList {
        var copy = self
        copy.keys.append(key)
        copy.entries.append(key.jwk)
        return copy
    }

    /// The JWK Set, one key a line.
    public var jsonText: String {
        "{\"keys\":[\n" + entries.map { "  " + $0.serialized }.joined(separator: ",\n") + "\n]}\n"
    }

    static func parse(_ e: JSONValue) -> Result<TrustedKey, LoadError> {
        func fail(_ s: String) -> Result<TrustedKey, LoadError> { .failure(LoadError(reason: s)) }
        guard case .object = e else { return fail("not a JSON object") }
        guard let kty = e["kty"]?.stringValue, let crv = e["crv"]?.stringValue else { return fail("kty and crv are required") }
        guard let x = e["x"]?.stringValue.flatMap(Base64.decode), x.count == 32 else { return fail("x is not 32 bytes of base64url") }
        let key: PublicKey
        switch (kty, crv) {
        case ("EC", "P-256"):
            guard let y = e["y"]?.stringValue.flatMap(Base64.decode), y.count == 32 else { return fail("y is not 32 bytes of base64url") }
            guard let k = try? P256.Signing.PublicKey(rawRepresentation: x + y) else { return fail("the point is not on P-256") }
            key = .es256(k)
        case ("OKP", "Ed25519"):
            guard let k = try? Curve25519.Signing.PublicKey(rawRepresentation: x) else { return fail("not an Ed25519 key") }
            key = .eddsa(k)
        default:
            return fail("unsupported key type \(kty)/\(crv) (only EC P-256 and OKP Ed25519)")
        }
        guard let algName = e["alg"]?.stringValue else { return fail("alg is required") }
        guard let alg = COSEAlgorithm(name: algName) else { return fail("alg \(algName) is not ES256 or EdDSA") }
        guard alg == key.algorithm else { return fail("alg \(algName) does not fit a \(crv) key") }
        guard let kidText = e["kid"]?.stringValue else { return fail("kid is required") }
        guard Base64.decode(kidText) == key.kid else {
            return fail("kid \(kidText) is not the key's own (\(Base64.encode(key.kid, url: true, padded: false)))")
        }
        guard let iss = e["iss"]?.stringValue, !iss.isEmpty else { return fail("iss is required") }
        var bounds: [Int64?] = []
        for member in ["nbf", "exp"] {
            switch e[member] {
            case nil, .null?: bounds.append(nil)
            case .int(let v)?: bounds.append(v)
            default: return fail("\(member) must be an integer NumericDate")
            }
        }
        if let nbf = bounds[0], let exp = bounds[1], exp < nbf { return fail("exp is before nbf") }
        return .success(TrustedKey(publicKey: key, issuer: iss, notBefore: bounds[0], expires: bounds[1]))
    }
}
