import BHYTCBOR

/// A CWT claims set (RFC 8392): the registered claims the envelope uses, and the rest.
/// Every registered claim has one exact type when read: `iss` text; `iat`, `nbf`, `exp`
/// integers (floats only where a caller allows them).
package struct CWTClaims: Sendable, Hashable {
    /// 1 iss — the issuing agency, e.g. `VN-56`.
    package let issuer: String?
    /// 6 iat — when it was signed (seconds since the epoch).
    package let issuedAt: Int64?
    /// 5 nbf — start of validity.
    package let notBefore: Int64?
    /// 4 exp — end of validity; absent for open-ended cards.
    package let expires: Int64?
    /// Every other claim, by key, as decoded.
    package let others: [CBORPair]

    package init(issuer: String? = nil, issuedAt: Int64? = nil, notBefore: Int64? = nil, expires: Int64? = nil, others: [CBORPair] = []) {
        self.issuer = issuer
        self.issuedAt = issuedAt
        self.notBefore = notBefore
        self.expires = expires
        self.others = others
    }

    /// The registered claim keys this type reads: iss, exp, nbf, iat.
    package static let registeredKeys: Set<Int64> = [1, 4, 5, 6]

    /// A claim by integer key, from `others`.
    package subscript(claim key: Int64) -> CBOR? { CBOR.map(others)[intKey: key] }

    /// The claims as a CBOR map.
    package var cbor: CBOR {
        var m: [CBORPair] = []
        if let issuer { m.append(CBORPair(1, .text(issuer))) }
        if let expires { m.append(CBORPair(4, .int(expires))) }
        if let notBefore { m.append(CBORPair(5, .int(notBefore))) }
        if let issuedAt { m.append(CBORPair(6, .int(issuedAt))) }
        return .map(m + others)
    }

    /// How NumericDate claims (iat, nbf, exp) may be written.
    package enum NumericDates: Sendable {
        /// Integers only: the exact type, and the only form a profile that signs integers accepts.
        case integers
        /// Integers or floats (RFC 8392 allows both; a float is truncated toward zero).
        case integersOrFloats
    }

    /// Reads a claims set from payload bytes; every claim that is not registered is kept in `others`.
    package init(payload: [UInt8], decoder: CBORDecoder = CBORDecoder(), numericDates: NumericDates = .integers) throws(COSEError) {
        var builder = Builder(numericDates: numericDates)
        var r = decoder.reader(payload)
        do {
            guard try r.peekMajorType() == 5 else { throw COSEError.claims("the payload is not a CBOR map") }
            let item = try r.readItem()
            try r.expectEnd()
            guard case .map(let members) = item else { throw COSEError.claims("the payload is not a CBOR map") }
            for m in members {
                if let k = m.key.int64, CWTClaims.registeredKeys.contains(k) { try builder.set(k, m.value) } else { builder.others.append(m) }
            }
        } catch let e as CBORError {
            throw .claims(e.description)
        } catch let e as COSEError {
            throw e
        } catch {
            throw .claims("\(error)")
        }
        self = builder.claims
    }

    /// Collects claims one by one with their exact types (for readers that walk the map themselves).
    package struct Builder: Sendable {
        package let numericDates: NumericDates
        package var issuer: String?
        package var issuedAt: Int64?
        package var notBefore: Int64?
        package var expires: Int64?
        package var others: [CBORPair] = []

        package init(numericDates: NumericDates = .integers) { self.numericDates = numericDates }

        /// Reads registered claim `key`'s value from the reader with its exact type.
        package mutating func read(_ key: Int64, from r: inout CBORReader) throws(COSEError) {
            do {
                switch key {
                case 1:
                    guard try r.peekMajorType() == 3 else { throw COSEError.claims("iss (1) must be text") }
                    issuer = try r.readText()
                case 4, 5, 6:
                    guard try r.peekMajorType() <= 1 else {
                        if numericDates == .integersOrFloats { try set(key, try r.readItem()); return }
                        throw COSEError.claims("\(CWTClaims.name(key)) (\(key)) must be an integer NumericDate")
                    }
                    try set(key, .int(try r.readInt()))
                default:
                    others.append(CBORPair(.int(key), try r.readItem()))
                }
            } catch let e as COSEError {
                throw e
            } catch let e as CBORError {
                throw .claims("\(CWTClaims.name(key)) (\(key)): \(e.description)")
            } catch {
                throw .claims("\(error)")
            }
        }

        mutating func set(_ key: Int64, _ value: CBOR) throws(COSEError) {
            switch key {
            case 1:
                guard case .text(let s) = value else { throw .claims("iss (1) must be text") }
                issuer = s
            default:
                let date: Int64
                switch value {
                case .float(let d) where numericDates == .integersOrFloats:
                    guard d.isFinite, abs(d) < 9e15 else { throw .claims("\(CWTClaims.name(key)) (\(key)) is not a NumericDate") }
                    date = Int64(d)
                default:
                    guard let i = value.int64 else { throw .claims("\(CWTClaims.name(key)) (\(key)) must be an integer NumericDate") }
                    date = i
                }
                switch key {
                case 4: expires = date
                case 5: notBefore = date
                default: issuedAt = date
                }
            }
        }

        /// The claims collected.
        package var claims: CWTClaims {
            CWTClaims(issuer: issuer, issuedAt: issuedAt, notBefore: notBefore, expires: expires, others: others)
        }
    }

    static func name(_ key: Int64) -> String {
        switch key {
        case 1: return "iss"
        case 4: return "exp"
        case 5: return "nbf"
        case 6: return "iat"
        default: return "claim"
        }
    }
}
