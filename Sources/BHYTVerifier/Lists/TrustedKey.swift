import BHYTCOSE
import BHYTJSON

/// An issuer key the verifier trusts (khóa của cơ quan cấp thẻ), with what it may sign for:
/// one issuer (`iss`), and optionally a window for the signing time (`iat`).
public struct TrustedKey: Sendable, Hashable {
    /// The issuer's public key (P-256 or Ed25519).
    public let publicKey: PublicKey
    /// The 8-byte kid (SHA-256 of the SPKI, truncated).
    package let kid: [UInt8]
    /// The issuer (`iss`) it may sign for, e.g. `VN-56`.
    public let issuer: String
    /// Earliest `iat` it may have signed at (NumericDate), if bounded.
    public let notBefore: Int64?
    /// Latest `iat` it may have signed at, if bounded.
    public let expires: Int64?

    /// A key trusted for `issuer` (`iss`, e.g. `VN-79`) for cards signed (`iat`) from `notBefore` to `expires`.
    public init(publicKey: PublicKey, issuer: String, notBefore: Int64? = nil, expires: Int64? = nil) {
        self.init(publicKey: publicKey, kid: publicKey.kid, issuer: issuer, notBefore: notBefore, expires: expires)
    }

    /// A key listed under a given kid. The trust-list loader only accepts a key's own kid;
    /// this is for testing that colliding kids are all tried.
    package init(publicKey: PublicKey, kid: [UInt8], issuer: String, notBefore: Int64? = nil, expires: Int64? = nil) {
        self.publicKey = publicKey
        self.kid = kid
        self.issuer = issuer
        self.notBefore = notBefore
        self.expires = expires
    }

    /// The kid as the trust list writes it: base64url without padding.
    package var kidText: String { Base64.encode(kid, url: true, padded: false) }

    /// Whether the key may have signed at `iat`.
    package func mayHaveSigned(at iat: Int64) -> Bool {
        (notBefore.map { iat >= $0 } ?? true) && (expires.map { iat <= $0 } ?? true)
    }

    /// The same key and issuer with another signing window.
    package func with(notBefore: Int64?, expires: Int64?) -> TrustedKey {
        TrustedKey(publicKey: publicKey, kid: kid, issuer: issuer, notBefore: notBefore, expires: expires)
    }

    /// The key as a JWK (RFC 7517; Ed25519 as OKP, RFC 8037) with `kid`, `alg`, `iss`, `nbf`, `exp`.
    package var jwk: JSONValue {
        var m = (publicKey.jwkMembers ?? []).map { JSONMember($0.0, .string($0.1)) }
        m += [JSONMember("kid", .string(kidText)), JSONMember("alg", .string(publicKey.algorithm.name)),
              JSONMember("iss", .string(issuer))]
        if let notBefore { m.append(JSONMember("nbf", .int(notBefore))) }
        if let expires { m.append(JSONMember("exp", .int(expires))) }
        return .object(m)
    }
}
