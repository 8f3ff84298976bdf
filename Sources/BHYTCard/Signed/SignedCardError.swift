/// Why signed card text could not be decoded, by the stage that failed. The codes are
/// the verifier's reason codes (docs/VERIFYING.md).
public struct SignedCardError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Stage: String, Sendable, Hashable, Codable {
        /// Longer than ``SignedCardCodec/maximumLength``: refused before decoding.
        case inputTooLarge = "INPUT_TOO_LARGE"
        /// No `BHXH1:` prefix.
        case formatUnknown = "FORMAT_UNKNOWN"
        /// The digits are not Base10.
        case base10 = "BASE10_INVALID"
        /// A zlib stream that does not inflate (or inflates too large).
        case decompress = "DECOMPRESS_FAILED"
        /// The bytes are not (deterministic, bounded) CBOR.
        case cbor = "CBOR_MALFORMED"
        /// CBOR but not a COSE_Sign1 as the envelope fixes it.
        case cose = "COSE_MALFORMED"
        /// An algorithm other than ES256 / EdDSA (named in the detail).
        case algorithm = "ALG_UNSUPPORTED"
        /// No kid.
        case kid = "KID_MISSING"
        /// The CWT or the card claim is malformed.
        case claims = "CLAIMS_INVALID"
    }

    public let stage: Stage
    /// What went wrong, technically (for logs and developers).
    public let detail: String

    public init(_ stage: Stage, _ detail: String) {
        self.stage = stage
        self.detail = detail
    }

    public var description: String { "\(stage.rawValue): \(detail)" }
}
