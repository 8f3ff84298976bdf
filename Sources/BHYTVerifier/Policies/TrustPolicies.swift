import BHYTCard
import BHYTCOSE

/// Trusted keys with the card's kid (KEY_UNKNOWN). 8-byte kids can collide: every key with
/// the kid stays a candidate.
public struct KnownKeyPolicy: VerificationPolicy {
    public init() {}
    public var codes: [ReasonCode] { [.keyUnknown] }
    public func evaluate(_ s: inout VerificationState) -> PolicyOutcome {
        guard let kid = s.kid else { return .stop }
        let keys = s.settings.trust.keys(withKID: kid)
        guard !keys.isEmpty else {
            s.add(Finding(.keyUnknown, .error, "kid \(Base64.encode(kid, url: true, padded: false)) is not in the trust list"))
            return .stop
        }
        s.candidates = keys
        return .proceed
    }
}

/// Keys that were valid when the card was signed (`iat` inside the key's nbf/exp) (KEY_NOT_VALID).
/// Without a readable iat no key is ruled out here; the claims rule refuses the card later.
public struct KeyValidAtIssuancePolicy: VerificationPolicy {
    public init() {}
    public var codes: [ReasonCode] { [.keyNotValid] }
    public func evaluate(_ s: inout VerificationState) -> PolicyOutcome {
        guard let m = s.message else { return .stop }
        s.payload = SignedCardCodec.payloadItem(of: m)
        guard let iat = SignedCardCodec.issuedAt(of: s.payload) else { return .proceed }
        let valid = s.candidates.filter { $0.mayHaveSigned(at: iat) }
        guard !valid.isEmpty else {
            s.add(Finding(.keyNotValid, .error, "signed at \(VietnamTime.format(iat)), outside the key's validity"))
            return .stop
        }
        s.candidates = valid
        return .proceed
    }
}

/// The signature, tried with every candidate key of the message's algorithm (SIGNATURE_INVALID).
public struct SignaturePolicy: VerificationPolicy {
    public init() {}
    public var codes: [ReasonCode] { [.signatureInvalid] }
    public func evaluate(_ s: inout VerificationState) -> PolicyOutcome {
        guard let m = s.message, let alg = s.algorithm else { return .stop }
        let signed = m.signedBytes
        guard let signer = s.candidates.first(where: { $0.publicKey.algorithm == alg && $0.publicKey.isValidSignature(m.signature, for: signed) }) else {
            s.add(Finding(.signatureInvalid, .error, "no trusted key with this kid made this signature"))
            return .stop
        }
        s.signer = signer
        return .proceed
    }
}

/// The CWT and the card claim, fully checked, once the signature is known good (CLAIMS_INVALID).
public struct ClaimsPolicy: VerificationPolicy {
    public init() {}
    public var codes: [ReasonCode] { [.claimsInvalid] }
    public func evaluate(_ s: inout VerificationState) -> PolicyOutcome {
        guard let m = s.message else { return .stop }
        let payload = s.payload
        return stage(&s) { try SignedCardCodec.contents(of: m, payload: payload) } store: { s, v in
            s.claims = v.0
            s.card = v.1
        }
    }
}

/// The card's `iss` is the one its key may sign for (ISSUER_MISMATCH).
public struct IssuerPolicy: VerificationPolicy {
    public init() {}
    public var codes: [ReasonCode] { [.issuerMismatch] }
    public func evaluate(_ s: inout VerificationState) -> PolicyOutcome {
        guard let signer = s.signer, let iss = s.claims?.issuer else { return .stop }
        if iss != signer.issuer {
            s.add(Finding(.issuerMismatch, .error, "card says \(iss); the key signs for \(signer.issuer)"))
        }
        return .proceed
    }
}
