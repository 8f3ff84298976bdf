import BHYTCard
import BHYTCOSE

// The decoding stages of a signed card, one policy each, in the envelope's order.
// A failure is fatal: nothing after it can be read.

/// `BHXH1:` prefix and size → the digits.
public struct PrefixPolicy: VerificationPolicy {
    public init() {}
    public var codes: [ReasonCode] { [.formatUnknown, .inputTooLarge] }
    public func evaluate(_ s: inout VerificationState) -> PolicyOutcome {
        let input = s.input
        return stage(&s) { try SignedCardCodec.digits(of: input) } store: { s, v in s.digits = v }
    }
}

/// Digits → bytes (BASE10_INVALID).
public struct Base10Policy: VerificationPolicy {
    public init() {}
    public var codes: [ReasonCode] { [.base10Invalid] }
    public func evaluate(_ s: inout VerificationState) -> PolicyOutcome {
        guard let digits = s.digits else { return .stop }
        return stage(&s) { try SignedCardCodec.bytes(fromDigits: digits) } store: { s, v in s.rawBytes = v }
    }
}

/// zlib when the payload starts with 0x78 (DECOMPRESS_FAILED).
public struct DecompressPolicy: VerificationPolicy {
    public init() {}
    public var codes: [ReasonCode] { [.decompressFailed] }
    public func evaluate(_ s: inout VerificationState) -> PolicyOutcome {
        guard let raw = s.rawBytes else { return .stop }
        return stage(&s) { try SignedCardCodec.inflateIfCompressed(raw).cose } store: { s, v in s.coseBytes = v }
    }
}

/// Deterministic CBOR and the COSE_Sign1 structure (CBOR_MALFORMED, COSE_MALFORMED).
public struct COSEStructurePolicy: VerificationPolicy {
    public init() {}
    public var codes: [ReasonCode] { [.cborMalformed, .coseMalformed] }
    public func evaluate(_ s: inout VerificationState) -> PolicyOutcome {
        guard let cose = s.coseBytes else { return .stop }
        return stage(&s) { try SignedCardCodec.message(from: cose) } store: { s, v in s.message = v }
    }
}

/// alg from the protected header, ES256 or EdDSA only (ALG_UNSUPPORTED, by name).
public struct AlgorithmPolicy: VerificationPolicy {
    public init() {}
    public var codes: [ReasonCode] { [.algUnsupported] }
    public func evaluate(_ s: inout VerificationState) -> PolicyOutcome {
        guard let m = s.message else { return .stop }
        return stage(&s) { try SignedCardCodec.algorithm(of: m) } store: { s, v in s.algorithm = v }
    }
}

/// A kid to look the key up by (KID_MISSING).
public struct KeyIDPolicy: VerificationPolicy {
    public init() {}
    public var codes: [ReasonCode] { [.kidMissing] }
    public func evaluate(_ s: inout VerificationState) -> PolicyOutcome {
        guard let m = s.message else { return .stop }
        return stage(&s) { try SignedCardCodec.kid(of: m) } store: { s, v in s.kid = v }
    }
}

/// Runs one codec stage: stores its value, or adds its stage's finding and stops.
func stage<T>(_ s: inout VerificationState, _ body: () throws -> T,
              store: (inout VerificationState, T) -> Void) -> PolicyOutcome {
    do {
        store(&s, try body())
        return .proceed
    } catch let error as SignedCardError {
        s.add(Finding(ReasonCode(error.stage), .error, error.detail))
        return .stop
    } catch {
        s.add(Finding(.coseMalformed, .error, "\(error)"))
        return .stop
    }
}
