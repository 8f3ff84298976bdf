import BHYTCOSE
import BHYTJSON

/// A trust list (danh sách khóa tin cậy): a JWK Set of issuer keys. Entries that break the
/// rules are listed in ``problems`` and left out, never silently trusted: a kid that is not
/// the key's own, an alg that does not fit the key, no `iss`, a key type other than P-256 or
/// Ed25519, an Ed25519 point of small order, private key material (a leaked key). One key
/// may be listed under several issuers, each entry judged on its own; the same key twice for
/// the same issuer is reported and the narrower signing window of the two is used.
public struct TrustList: Sendable {
    /// The usable keys, one per (key, issuer).
    public private(set) var keys: [TrustedKey]
    /// One line per entry left out or merged: its position and why.
    public private(set) var problems: [String]
    /// The entries as read (unknown members kept), for rewriting the file.
    private(set) var entries: [JSONValue]

    /// JWK members that hold private key material (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037).
    static let privateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"]

    /// An empty list: no signed card is valid against it (KEY_UNKNOWN).
    package init() {
        keys = []
        problems = []
        entries = []
    }

    /// Reads a JWK Set (`{"keys": [...]}`).
    public init(json text: String) throws(COSEError) {
        let doc: JSONValue
        do {
            doc = try JSONParser.parse(text)
        } catch {
            throw .trustList("the trust list is not JSON: \(error)")
        }
        guard case .array(let list)? = doc["keys"] else { throw .trustList("the trust list has no \"keys\" array (a JWK Set)") }
        try self.init(entries: list)
    }

    /// Reads the entries of a JWK Set's `keys` array.
    package init(entries list: [JSONValue]) throws(COSEError) {
        self.init()
        entries = list
        for (i, entry) in list.enumerated() {
            // The kid as a JSON string: whatever it holds (a line feed, an escape) is shown escaped.
            let name = "key \(i + 1)\(entry["kid"]?.stringValue.map { " (kid \(JSONValue.string($0).serialized))" } ?? "")"
            switch TrustList.parse(entry) {
            case .success(let key):
                if let j = keys.firstIndex(where: { $0.publicKey == key.publicKey && $0.issuer == key.issuer }) {
                    let a = keys[j], merged = a.with(notBefore: Self.later(a.notBefore, key.notBefore), expires: Self.earlier(a.expires, key.expires))
                    keys[j] = merged
                    problems.append("\(name): the same key for \(key.issuer) is listed twice; the narrower signing window of the two is used")
                } else {
                    keys.append(key)
                }
            case .failure(let why):
                problems.append("\(name): \(why)")
            }
        }
    }

    static func later(_ a: Int64?, _ b: Int64?) -> Int64? { a.map { x in b.map { max(x, $0) } ?? x } ?? b }
    static func earlier(_ a: Int64?, _ b: Int64?) -> Int64? { a.map { x in b.map { min(x, $0) } ?? x } ?? b }

    /// Every trusted key with this kid (8 bytes can collide: the verifier tries each).
    package func keys(withKID kid: [UInt8]) -> [TrustedKey] { keys.filter { $0.kid == kid } }

    /// What ``add(_:)`` did.
    package enum AddOutcome: Sendable, Equatable {
        case added
        /// The key was already listed for this issuer; its window is replaced (the old entry given).
        case updated(previous: TrustedKey)
    }

    /// Adds a key, or updates the entry of the same key for the same issuer (its signing window).
    @discardableResult
    package mutating func add(_ key: TrustedKey) -> AddOutcome {
        let same = { (k: TrustedKey) in k.publicKey == key.publicKey && k.issuer == key.issuer }
        guard let previous = keys.first(where: same) else {
            keys.append(key)
            entries.append(key.jwk)
            return .added
        }
        keys = keys.map { same($0) ? key : $0 }
        // Rewrite the first matching entry (keeping its unknown members) and drop any duplicates.
        var replaced = false
        entries = entries.compactMap { entry in
            guard case .success(let k) = TrustList.parse(entry), same(k) else { return entry }
            if replaced { return nil }
            replaced = true
            return TrustList.merge(entry, with: key.jwk)
        }
        return .updated(previous: previous)
    }

    /// A copy with a key added (or updated).
    package func adding(_ key: TrustedKey) -> TrustList {
        var copy = self
        copy.add(key)
        return copy
    }

    /// Removes every entry with this kid (only those for `issuer`, when given); returns how many keys were removed.
    @discardableResult
    package mutating func remove(kid: [UInt8], issuer: String? = nil) -> Int {
        let matches = { (k: TrustedKey) in k.kid == kid && (issuer.map { k.issuer == $0 } ?? true) }
        let before = keys.count
        keys.removeAll(where: matches)
        entries.removeAll { entry in
            if case .success(let k) = TrustList.parse(entry) { return matches(k) }
            // An entry left out (bad) is removed by its kid text too.
            return entry["kid"]?.stringValue.flatMap(Base64.decode) == kid && issuer.map { entry["iss"]?.stringValue == $0 } ?? true
        }
        return before - keys.count
    }

    /// Entries carrying private key material, by position (`trust add` refuses to rewrite a list with one).
    package var entriesWithPrivateKeys: [Int] {
        entries.indices.filter { i in TrustList.privateMembers.contains { entries[i][$0] != nil } }
    }

    /// The JWK Set, one key a line.
    package var jsonText: String {
        "{\"keys\":[\n" + entries.map { "  " + $0.serialized }.joined(separator: ",\n") + "\n]}\n"
    }

    /// An entry's members replaced by the new JWK's (unknown members kept, nbf/exp as the new entry has them).
    static func merge(_ old: JSONValue, with new: JSONValue) -> JSONValue {
        guard case .object(let oldMembers) = old, case .object(let newMembers) = new else { return new }
        let known: Set<String> = ["kty", "crv", "x", "y", "kid", "alg", "iss", "nbf", "exp"]
        return .object(newMembers + oldMembers.filter { !known.contains($0.key) })
    }

    static func parse(_ e: JSONValue) -> Result<TrustedKey, COSEError> {
        func fail(_ s: String) -> Result<TrustedKey, COSEError> { .failure(.key(s)) }
        guard case .object = e else { return fail("not a JSON object") }
        if let leaked = privateMembers.first(where: { e[$0] != nil }) {
            return fail("it carries private key material (\"\(leaked)\"): this key is leaked — remove the entry and rotate the key")
        }
        guard let kty = e["kty"]?.stringValue else { return fail("kty is required") }
        if kty == "RSA" { return fail("RSA keys are not supported (only EC P-256 and OKP Ed25519)") }
        guard let crv = e["crv"]?.stringValue else { return fail("crv is required") }
        guard let x = e["x"]?.stringValue.flatMap(Base64.decode) else { return fail("x is not base64url") }
        let key: PublicKey
        do {
            switch (kty, crv) {
            case ("EC", "P-256"):
                guard let y = e["y"]?.stringValue.flatMap(Base64.decode) else { return fail("y is not base64url") }
                key = try PublicKey(p256X: x, y: y)
            case ("OKP", "Ed25519"):
                key = try PublicKey(ed25519: x)
            default:
                return fail("unsupported key type \(quoted(kty))/\(quoted(crv)) (only EC P-256 and OKP Ed25519)")
            }
        } catch {
            return .failure(error)
        }
        guard let algName = e["alg"]?.stringValue else { return fail("alg is required") }
        guard let alg = COSEAlgorithm(name: algName), alg == .es256 || alg == .eddsa else { return fail("alg \(quoted(algName)) is not ES256 or EdDSA") }
        guard alg == key.algorithm else { return fail("alg \(quoted(algName)) does not fit a \(quoted(crv)) key") }
        guard let kidText = e["kid"]?.stringValue else { return fail("kid is required") }
        guard Base64.decode(kidText) == key.kid else {
            return fail("kid \(kidText) is not the key's own (\(key.kidText))")
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

    /// A value from the list for a message: as a JSON string, so a line feed or an escape in it is shown, not obeyed.
    static func quoted(_ s: String) -> String { JSONValue.string(s).serialized }
}
