import BHYTCard
import BHYTCOSE

/// A signed card whose signature a trusted key verified, for the card's issuer, at a signing
/// time inside that key's window — with every claim read with its exact type. Only the
/// verifier's core (`TrustCore`) can make one; a verdict is `valid` only when one exists.
public struct AuthenticatedCard: Sendable {
    /// The card, as signed.
    public let card: Card
    /// The trust-list entry that authorised the signature.
    public let signer: TrustedKey
    /// The algorithm the signature was verified with.
    public let algorithm: COSEAlgorithm
    /// The key id of the trusted key that verified it.
    package let kid: [UInt8]
    /// `iss`: the issuing agency (the signer's issuer).
    public let issuer: String
    /// `iat`: when it was signed.
    public let issuedAt: Int64
    /// `nbf`: start of validity (00:00 Vietnam time of valid-from).
    public let notBefore: Int64
    /// `exp`: end of validity; `nil` for an open-ended card.
    public let expires: Int64?

    /// Made by `TrustCore.authenticate(_:trust:)` only.
    fileprivate init(_ contents: SignedCardContents, signer: TrustedKey) {
        card = contents.card
        self.signer = signer
        algorithm = contents.algorithm
        kid = contents.kid
        issuer = contents.issuer
        issuedAt = contents.issuedAt
        notBefore = contents.notBefore
        expires = contents.expires
    }
}

/// The verifier's core: which trusted key, if any, vouches for a decoded signed card. Not a
/// policy, and not removable: without it nothing is authenticated, so nothing is valid.
enum TrustCore {
    enum Authentication {
        case authenticated(AuthenticatedCard)
        case refused(Finding)
    }

    /// Tries every trusted key with the card's kid (8 bytes can collide) and the message's
    /// algorithm; of the keys that made the signature, takes an entry for the card's `iss`
    /// whose window holds `iat`. Fails with KEY_UNKNOWN, SIGNATURE_INVALID, ISSUER_MISMATCH or
    /// KEY_NOT_VALID, in that order.
    static func authenticate(_ contents: SignedCardContents, trust: TrustList) -> Authentication {
        let listed = trust.keys(withKID: contents.kid)
        guard !listed.isEmpty else {
            let kid = Base64.encode(contents.kid, url: true, padded: false)
            return .refused(Finding(.keyUnknown, .error, .keyUnknown(kid: kid)))
        }
        let signedBytes = contents.cose.signedBytes
        var signers: [PublicKey] = []
        for entry in listed where entry.publicKey.algorithm == contents.algorithm && !signers.contains(entry.publicKey) {
            if entry.publicKey.isValidSignature(contents.cose.signature, for: signedBytes) { signers.append(entry.publicKey) }
        }
        guard !signers.isEmpty else {
            return .refused(Finding(.signatureInvalid, .error, .noKeyMadeSignature))
        }
        let entries = listed.filter { signers.contains($0.publicKey) }
        let forIssuer = entries.filter { $0.issuer == contents.issuer }
        guard !forIssuer.isEmpty else {
            return .refused(Finding(.issuerMismatch, .error, .issuerNotAllowed(card: contents.issuer, allowed: Set(entries.map(\.issuer)).sorted())))
        }
        guard let signer = forIssuer.first(where: { $0.mayHaveSigned(at: contents.issuedAt) }) else {
            return .refused(Finding(.keyNotValid, .error, .signedOutsideKeyWindow(signedAt: contents.issuedAt, issuer: contents.issuer)))
        }
        return .authenticated(AuthenticatedCard(contents, signer: signer))
    }
}
