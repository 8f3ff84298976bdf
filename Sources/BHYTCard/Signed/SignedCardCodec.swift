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
    /// the signature or judge trust: that is the verifier's, which runs the same stages.
    public static func decode(_ input: some StringProtocol) throws(SignedCardError) -> SignedCardContents {
        let (cose, compressed) = try inflateIfCompressed(try bytes(fromDigits: try digits(of: input)))
        let message = try self.message(from: cose)
        let alg = try algorithm(of: message)
        let kid = try self.kid(of: message)
        let (claims, card) = try contents(of: message)
        return SignedCardContents(cose: message, algorithm: alg, kid: kid, claims: claims, card: card, compressed: compressed)
    }

    // MARK: stages, in order (each throws with its own stage code)

    /// Size and prefix: the digits after `BHXH1:` (surrounding spaces and CR/LF dropped).
    public static func digits<S: StringProtocol>(of input: S) throws(SignedCardError) -> S.SubSequence {
        guard input.utf8.count <= maximumLength else {
            throw SignedCardError(.inputTooLarge, "\(input.utf8.count) bytes; at most \(maximumLength)")
        }
        var text = input[...]
        while let last = text.last, last == "\n" || last == "\r" || last == "\r\n" || last == " " { text.removeLast() }
        while text.first == " " { text.removeFirst() }
        guard text.hasPrefix(prefix) else { throw SignedCardError(.formatUnknown, "no \(prefix) prefix") }
        return text.dropFirst(prefix.count)
    }

    /// Base10 digits to bytes.
    public static func bytes(fromDigits digits: some StringProtocol) throws(SignedCardError) -> [UInt8] {
        do {
            return try Base10.decode(digits)
        } catch {
            throw SignedCardError(.base10, error.description)
        }
    }

    /// Inflates a zlib payload (first byte 0x78); anything else is taken as uncompressed COSE.
    public static func inflateIfCompressed(_ raw: [UInt8]) throws(SignedCardError) -> (cose: [UInt8], compressed: Bool) {
        guard raw.first == 0x78 else { return (raw, false) }
        do {
            return (try Zlib.inflate(raw, limit: maximumInflated), true)
        } catch {
            throw SignedCardError(.decompress, error.description)
        }
    }

    /// The COSE_Sign1 (deterministic CBOR, tag 18, the envelope's header rules).
    public static func message(from cose: [UInt8]) throws(SignedCardError) -> COSESign1 {
        do {
            return try COSESign1.decode(cose)
        } catch {
            if case .cbor(let e) = error { throw SignedCardError(.cbor, e.description) }
            throw SignedCardError(.cose, error.description)
        }
    }

    /// The algorithm, from the protected header only; any but ES256 and EdDSA refused by name.
    public static func algorithm(of message: COSESign1) throws(SignedCardError) -> COSEAlgorithm {
        do {
            return try message.algorithm()
        } catch {
            if case .algorithmUnsupported = error { throw SignedCardError(.algorithm, error.description) }
            throw SignedCardError(.cose, error.description)
        }
    }

    /// The kid (protected; unprotected only when none is protected).
    public static func kid(of message: COSESign1) throws(SignedCardError) -> [UInt8] {
        guard let kid = message.kid, !kid.isEmpty else { throw SignedCardError(.kid, "no kid in the protected header") }
        return kid
    }

    /// The payload as CBOR, parsed but not judged (the verifier reads `iat` from it to choose
    /// keys before the signature is checked, and judges the claims after); `nil` when it is not CBOR.
    public static func payloadItem(of message: COSESign1) -> CBOR? {
        try? CBORDecoder().decode(message.payload)
    }

    /// `iat` from a parsed payload; `nil` when there is no integer iat.
    public static func issuedAt(of payload: CBOR?) -> Int64? { payload?[intKey: 6]?.int64 }

    /// The CWT claims and the card, fully checked (`payload`: the payload already parsed, if it was).
    public static func contents(of message: COSESign1, payload: CBOR? = nil) throws(SignedCardError) -> (CWTClaims, Card) {
        let claims: CWTClaims
        do {
            if let payload { claims = try CWTClaims(cbor: payload) } else { claims = try CWTClaims(payload: message.payload) }
        } catch {
            throw SignedCardError(.claims, error.description)
        }
        guard claims.issuedAt != nil else { throw SignedCardError(.claims, "no iat") }
        guard let issuer = claims.issuer, !issuer.isEmpty else { throw SignedCardError(.claims, "no iss") }
        guard let cardClaim = claims[claim: CardClaim.cwtKey] else { throw SignedCardError(.claims, "no card claim (-65537)") }
        do {
            return (claims, try CardClaim.decode(cardClaim, notBefore: claims.notBefore, expires: claims.expires))
        } catch {
            throw SignedCardError(.claims, error.description)
        }
    }
}
