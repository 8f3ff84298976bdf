import BHYTCBOR
import BHYTCOSE
import BHYTEncoding

/// A signed card's contents after decoding, before any trust decision: the COSE message
/// (to verify), the header and claim values with their exact types, and the card.
package struct SignedCardContents: Sendable {
    package let cose: COSESign1
    /// ES256 or EdDSA (the only algorithms the signed card accepts).
    package let algorithm: COSEAlgorithm
    /// The key id the card names (8 bytes: SHA-256 of the key's SPKI, cut).
    package let kid: [UInt8]
    /// `iss` (1): the issuing agency, e.g. `VN-56`.
    package let issuer: String
    /// `iat` (6): when it was signed, seconds since the epoch.
    package let issuedAt: Int64
    /// `nbf` (5): 00:00 Vietnam time of the card's valid-from date.
    package let notBefore: Int64
    /// `exp` (4): 23:59:59 Vietnam time of the valid-to date; `nil` for an open-ended card.
    package let expires: Int64?
    /// The card its claims describe (not yet authenticated: the verifier does that).
    package let card: Card
    /// Whether the payload was zlib-compressed.
    package let compressed: Bool
}

/// Writes and reads the signed virtual card: card → card claim → CWT → COSE_Sign1
/// (tag 18) → zlib when shorter → Base10 → `BHXH1:` + digits.
public enum SignedCardCodec {
    /// The prefix: upper case and vowel-free, so QR alphanumeric mode and input methods leave it alone.
    public static let prefix = "BHXH1:"
    /// Longest text read (a version-40 QR holds 7089 digits); longer is `INPUT_TOO_LARGE`.
    package static let maximumLength = 7200
    /// Most bytes a payload may inflate to.
    package static let maximumInflated = 16384
    /// The algorithms the envelope accepts; every other is refused by name.
    package static let algorithms: Set<COSEAlgorithm> = [.es256, .eddsa]
    /// The payload's CBOR rules: deterministic, bounded, integers only (no float anywhere).
    static let payloadDecoder = CBORDecoder(deterministic: true, allowFloats: false)

    /// Signs a card. `issuedAt` is the signing time (seconds since the epoch); `nbf` and
    /// `exp` come from the card's validity in Vietnam time (UTC+7).
    package static func issue(_ card: Card, issuer: String, issuedAt: Int64, key: SigningKey) throws(CardError) -> String {
        let cose: [UInt8]
        do {
            cose = try COSESign1.sign(payload: claims(for: card, issuer: issuer, issuedAt: issuedAt).cbor.encoded, with: key).encoded
        } catch {
            throw CardError(.cardJSONInvalid, en: "cannot sign this card: \(error)", vi: "không ký được thẻ này: \(error)")
        }
        let text = envelope(cose)
        // A card no verifier would read (they bound the text and the inflated COSE) is not issued.
        if text.utf8.count > maximumLength || cose.count > maximumInflated {
            throw CardError(.inputTooLarge, en: "the signed card would be \(text.utf8.count) characters (\(cose.count) bytes of COSE); verifiers read at most \(maximumLength) characters and \(maximumInflated) bytes: shorten the address or the names",
                            vi: "thẻ ký số sẽ dài \(text.utf8.count) ký tự (\(cose.count) byte COSE); thiết bị kiểm tra chỉ đọc tối đa \(maximumLength) ký tự và \(maximumInflated) byte: hãy rút gọn địa chỉ hoặc họ tên")
        }
        return text
    }

    /// The CWT claims for a card.
    package static func claims(for card: Card, issuer: String, issuedAt: Int64) -> CWTClaims {
        CWTClaims(issuer: issuer, issuedAt: issuedAt, notBefore: card.validFrom.startInVietnam,
                  expires: card.validTo?.endInVietnam, others: [CBORPair(.int(CardClaim.cwtKey), CardClaim.encode(card))])
    }

    /// Signs claims and wraps them in the envelope.
    package static func encode(claims: CWTClaims, key: SigningKey) throws(COSEError) -> String {
        envelope(try COSESign1.sign(payload: claims.cbor.encoded, with: key).encoded)
    }

    /// COSE bytes to `BHXH1:` text: zlib only when shorter, then Base10.
    private static func envelope(_ cose: [UInt8]) -> String {
        let packed = Zlib.deflate(cose)
        return prefix + Base10.encode(packed.count < cose.count ? packed : cose)
    }

    /// Whether text claims to be a signed card (has the prefix in any case, after any spaces or
    /// tabs: a scanner typing with Caps Lock on inverts the letters' case).
    public static func hasPrefix(_ text: some StringProtocol) -> Bool {
        CardTextKind.of(text) == .signed
    }

    /// Whether bytes start with `BHXH1:`, letters in either case.
    package static func startsWithPrefix<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        var i = bytes.startIndex
        for expected in prefix.utf8 {
            guard i != bytes.endIndex else { return false }
            let b = bytes[i]
            guard b == expected || (expected >= 0x41 && expected <= 0x5A && b == expected | 0x20) else { return false }
            i = bytes.index(after: i)
        }
        return true
    }

    /// Decodes every layer, in order, stopping at the first that fails, with that stage's
    /// code. Every claim is read with its exact type here, before anyone relies on it. Does
    /// not verify the signature or judge trust: that is the verifier's.
    package static func decode(_ input: String) throws(CardError) -> SignedCardContents {
        let e = try envelope(of: input)
        return try contents(of: e.message, algorithm: e.algorithm, kid: e.kid, compressed: e.compressed)
    }

    /// The signed envelope read up to the claims: the COSE_Sign1, its algorithm and kid. The
    /// verifier asks it again when the claims do not read, to tell a damaged or altered card
    /// (no trusted key made the signature) from a signed card with malformed claims.
    package static func envelope(of input: String) throws(CardError) -> (message: COSESign1, algorithm: COSEAlgorithm, kid: [UInt8], compressed: Bool) {
        let payload = try inflateIfCompressed(try bytes(fromDigits: try digits(of: input)))
        let message = try self.message(from: payload.cose)
        let alg = try algorithm(of: message)
        guard let kid = message.kid, !kid.isEmpty else { throw CardError(.kidMissing, "no kid in the protected header") }
        return (message, alg, kid, payload.compressed)
    }

    // MARK: stages, in order (each throws with its own stage code)

    /// Size and prefix: the digits after `BHXH1:` (the padding ``CardTextKind`` allows dropped), as bytes.
    static func digits(of input: String) throws(CardError) -> ArraySlice<UInt8> {
        let count = input.utf8.count
        guard count <= maximumLength else { throw CardError(.inputTooLarge, "\(count) bytes; at most \(maximumLength)") }
        let bytes = CardTextKind.trimmed(Array(input.utf8)[...])
        guard startsWithPrefix(bytes) else { throw CardError(.formatUnknown, "no \(prefix) prefix") }
        return bytes.dropFirst(prefix.utf8.count)
    }

    /// Base10 digits to bytes.
    static func bytes(fromDigits digits: ArraySlice<UInt8>) throws(CardError) -> [UInt8] {
        do {
            return try Base10.decode(utf8: digits)
        } catch {
            var refusal = CardError(.base10Invalid, error.description)
            switch error {
            case .invalidLength, .notADigit: refusal.isReadingFault = true  // cut short, or not digits at all
            default: break  // a group too large: a digit changed, the text was read whole
            }
            throw refusal
        }
    }

    /// The COSE bytes, and whether they came inflated.
    struct Payload {
        let cose: [UInt8]
        let compressed: Bool
    }

    /// Inflates a zlib payload (first byte 0x78); anything else is taken as uncompressed COSE.
    static func inflateIfCompressed(_ raw: [UInt8]) throws(CardError) -> Payload {
        guard raw.first == 0x78 else { return Payload(cose: raw, compressed: false) }
        do {
            return Payload(cose: try Zlib.inflate(raw, limit: maximumInflated), compressed: true)
        } catch {
            throw CardError(.decompressFailed, error.description)
        }
    }

    /// The COSE_Sign1 (deterministic CBOR, tag 18, the header rules, no unknown critical header).
    static func message(from cose: [UInt8]) throws(CardError) -> COSESign1 {
        do {
            return try COSESign1.decode(cose)
        } catch {
            if case .cbor(let e) = error { throw CardError(.cborMalformed, e) }
            throw CardError(.coseMalformed, error.description)
        }
    }

    /// The algorithm, from the protected header only; any but ES256 and EdDSA refused by name.
    static func algorithm(of message: COSESign1) throws(CardError) -> COSEAlgorithm {
        do {
            return try message.algorithm(accepting: algorithms)
        } catch {
            if case .algorithmUnsupported(_, let name) = error {
                throw CardError(.algUnsupported, "algorithm \(name) is not accepted (only ES256 and EdDSA)")
            }
            throw CardError(.coseMalformed, error.description)
        }
    }

    /// The CWT claims and the card, read in one pass over the payload, each with its exact
    /// type: `iss` text, `iat`/`nbf`/`exp` integers, the card claim as docs/FORMAT.md says;
    /// no float anywhere. Other claims are checked as CBOR and ignored.
    static func contents(of message: COSESign1, algorithm: COSEAlgorithm, kid: [UInt8], compressed: Bool) throws(CardError) -> SignedCardContents {
        var r = payloadDecoder.reader(message.payload)
        var claims = CWTClaims.Builder(numericDates: .integers)
        var card: Card?
        do {
            guard try r.peekMajorType() == 5 else { throw CardError(.claimsInvalid, "the payload is not a CBOR map") }
            let count = try r.readMapHeader()
            var previous: Range<Int>?
            for _ in 0..<count {
                switch try r.readMapKey(after: &previous) {
                case .int(CardClaim.cwtKey):
                    // Deterministic order puts iss, exp, nbf and iat (positive keys) before it.
                    guard let nbf = claims.notBefore else { throw CardError(.claimsInvalid, "no nbf") }
                    card = try CardClaim.decode(from: &r, notBefore: nbf, expires: claims.expires)
                case .int(let k) where k == 1 || (4...6).contains(k):  // iss, exp, nbf, iat
                    try claims.read(k, from: &r)
                default:
                    try r.skip()
                }
            }
            try r.expectEnd()
        } catch let e as CardError {
            throw e
        } catch let e as COSEError {
            throw CardError(.claimsInvalid, e.description)
        } catch {
            throw CardError(.claimsInvalid, "\(error)")
        }
        guard let iat = claims.issuedAt else { throw CardError(.claimsInvalid, "no iat") }
        guard let issuer = claims.issuer, !issuer.isEmpty else { throw CardError(.claimsInvalid, "no iss") }
        guard let nbf = claims.notBefore else { throw CardError(.claimsInvalid, "no nbf") }
        guard let card else { throw CardError(.claimsInvalid, "no card claim (-65537)") }
        return SignedCardContents(cose: message, algorithm: algorithm, kid: kid, issuer: issuer, issuedAt: iat,
                                  notBefore: nbf, expires: claims.expires, card: card, compressed: compressed)
    }
}
