import BHYTCBOR

/// A CWT claims set (RFC 8392): the registered claims the envelope uses, and the rest.
public struct CWTClaims: Sendable, Hashable {
    /// 1 iss — the issuing agency, e.g. `VN-56`.
    public var issuer: String?
    /// 6 iat — when it was signed (seconds since the epoch).
    public var issuedAt: Int64?
    /// 5 nbf — start of validity.
    public var notBefore: Int64?
    /// 4 exp — end of validity; absent for open-ended cards.
    public var expires: Int64?
    /// Every other claim, by key, as decoded (the card claim is under -65537).
    public var others: [CBORPair]

    public init(issuer: String? = nil, issuedAt: Int64? = nil, notBefore: Int64? = nil, expires: Int64? = nil, others: [CBORPair] = []) {
        self.issuer = issuer
        self.issuedAt = issuedAt
        self.notBefore = notBefore
        self.expires = expires
        self.others = others
    }

    /// A claim by integer key, from `others`.
    public subscript(claim key: Int64) -> CBOR? { CBOR.map(others)[intKey: key] }

    /// The claims as a CBOR map.
    public var cbor: CBOR {
        var m: [CBORPair] = []
        if let issuer { m.append(CBORPair(1, .text(issuer))) }
        if let expires { m.append(CBORPair(4, .int(expires))) }
        if let notBefore { m.append(CBORPair(5, .int(notBefore))) }
        if let issuedAt { m.append(CBORPair(6, .int(issuedAt))) }
        return .map(m + others)
    }

    /// Why a payload is not a usable claims set.
    public enum DecodeError: Error, Sendable, Hashable, CustomStringConvertible {
        case cbor(CBORError)
        case notAMap
        /// A registered claim of the wrong type (by key).
        case badClaim(key: Int64, expected: String)

        public var description: String {
            switch self {
            case .cbor(let e): return e.description
            case .notAMap: return "the payload is not a CBOR map"
            case .badClaim(let k, let t): return "claim \(k) must be \(t)"
            }
        }
    }

    /// Reads a claims set from payload bytes. NumericDate claims may be integers or
    /// floats (RFC 8392 allows both; floats are truncated toward zero).
    public init(payload: [UInt8], decoder: CBORDecoder = CBORDecoder()) throws(DecodeError) {
        let item: CBOR
        do {
            item = try decoder.decode(payload)
        } catch {
            throw .cbor(error)
        }
        try self.init(cbor: item)
    }

    public init(cbor item: CBOR) throws(DecodeError) {
        guard case .map(let members) = item else { throw .notAMap }
        func date(_ key: Int64) throws(DecodeError) -> Int64? {
            switch item[intKey: key] {
            case nil: return nil
            case .float(let d)?:
                guard d.isFinite, abs(d) < 9e15 else { throw .badClaim(key: key, expected: "a NumericDate") }
                return Int64(d)
            case let v?:
                guard let i = v.int64 else { throw .badClaim(key: key, expected: "a NumericDate") }
                return i
            }
        }
        switch item[intKey: 1] {
        case nil: issuer = nil
        case .text(let s)?: issuer = s
        default: throw .badClaim(key: 1, expected: "text")
        }
        expires = try date(4)
        notBefore = try date(5)
        issuedAt = try date(6)
        let registered: Set<CBOR> = [1, 4, 5, 6]
        others = members.filter { !registered.contains($0.key) }
    }
}
