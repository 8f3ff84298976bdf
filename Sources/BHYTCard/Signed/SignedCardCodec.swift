import BHYTCBOR
import BHYTCOSE
import BHYTEncoding

/// A signed card's contents after decoding, before any trust decision: the COSE
/// message (to verify), the CWT claims and the card.
public struct SignedCardContents: Sendable {
    public let cose: COSESign1
    public let algorithm: COSEAlgorithm
    public let kid: [UInt8]
    public let claims: CWTClaims
    public let card: Card
    /// Whether the payload was zlib-compressed.
    public let compressed: Bool
}

/// Writes and reads the signed virtual card: card → card claim → CWT → COSE_Sign1
/// (tag 18) → zlib when shorter → Base10 → `BHXH1:` + digits.
public enum SignedCardCodec {
    /// The prefix: upper case and vowel-free, so QR alphanumeric mode and input methods leave it alone.
    public static let prefix = "BHXH1:"
    /// Longest text read (a version-40 QR holds 7089 digits); longer is `INPUT_TOO_LARGE`.
    public static let maximumLength = 7200
    /// Most bytes a payload may inflate to.
    public static let maximumInflated = 16384

    /// Signs a card. `issuedAt` is the signing time (seconds since the epoch); `nbf` and
    /// `exp` come from the card's validity in Vietnam time (UTC+7).
    public static func issue(_ card: Card, issuer: String, issuedAt: Int64, key: SigningKey) throws(KeyError) -> String {
        try encode(claims: claims(for: card, issuer: issuer, issuedAt: issuedAt), key: key)
    }

    /// The CWT claims for a card.
    public static func claims(for card: Card, issuer: String, issuedAt: Int64) -> CWTClaims {
        CWTClaims(issuer: issuer, issuedAt: issuedAt, notBefore: card.validFrom.startInVietnam,
                  expires: card.validTo?.endInVietnam, others: [CBORPair(.int(CardClaim.cwtKey), CardClaim.encode(card))])
    }

    /// Signs claims and wraps them in the envelope.
    public static func encode(claims: CWTClaims, key: SigningKey) throws(KeyError) -> String {
        let cose = try COSESign1.sign(payload: claims.cbor.encoded, with: key).encoded
        let packed = Zlib.deflate(cose)
        return prefix + Base10.encode(packed.count < cose.count ? packed : cose)
    }

    /// Whether text claims to be a signed card (has the prefix).
    public static func hasPrefix(_ text: some StringProtocol) -> Bool { text.hasPrefix(prefix) }

    /// Decodes every layer, in order, stopping at the first that fails. Does not verify
    /// the signature or judge trust: that is the verifier's.
    public static func decode(_ input: some StringProtocol) throws(SignedCardError) -> SignedCardContents {
        guard input.utf8.count <= maximumLength else {
            throw SignedCardError(.inputTooLarge, "\(input.utf8.count) bytes; at most \(maximumLength)")
        }
        var text = Substring(input)
        while let last = text.last, last == "\n" || last == "\r" || last == "\r\n" || last == " " { text.removeLast() }
        while text.first == " " { text.removeFirst() }
        guard text.hasPrefix(prefix) else { throw SignedCardError(.formatUnknown, "no \(prefix) prefix") }
        let raw: [UInt8]
        do {
            raw = try Base10.decode(text.dropFirst(prefix.count))
        } catch {
            throw SignedCardError(.base10, error.description)
        }
        var bytes = raw
        let compressed = raw.first == 0x78
        if compressed {
            do {
                bytes = try Zlib.inflate(raw, limit: maximumInflated)
            } catch {
                throw SignedCardError(.decompress, error.description)
            }
        }
        let cose: COSESign1
        do {
            cose = try COSESign1.decode(bytes)
        } catch {
            switch error {
            case .cbor(let e): throw SignedCardError(.cbor, e.description)
            default: throw SignedCardError(.cose, error.description)
            }
        }
        let alg: COSEAlgorithm
        do {
            alg = try cose.algorithm()
        } catch {
            if case .algorithmUnsupported = error { throw SignedCardError(.algorithm, error.description) }
            throw SignedCardError(.cose, error.description)
        }
        guard let kid = cose.kid, !kid.isEmpty else { throw SignedCardError(.kid, "no kid in the protected header") }
        let claims: CWTClaims
        do {
            claims = try CWTClaims(payload: cose.payload)
        } catch {
            throw SignedCardError(.claims, error.description)
        }
        guard let cardClaim = claims[claim: CardClaim.cwtKey] else { throw SignedCardError(.claims, "no card claim (-65537)") }
        let card: Card
        do {
            card = try CardClaim.decode(cardClaim, notBefore: claims.notBefore, expires: claims.expires)
        } catch {
            throw SignedCardError(.claims, error.description)
        }
        return SignedCardContents(cose: cose, algorithm: alg, kid: kid, claims: claims, card: card, compressed: compressed)
    }
}
