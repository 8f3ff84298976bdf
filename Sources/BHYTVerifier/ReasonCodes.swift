import BHYTCard

// The verifier's own reason codes (the card codecs' are defined in BHYTCard, with ReasonCode).
extension ReasonCode {
    /// An image with no single QR code in it (none, several, not an image).
    public static let imageNoQR: ReasonCode = "IMAGE_NO_QR"
    /// An image with so many finder-like marks that scanning it would stall: not a card photo.
    public static let imageTooComplex: ReasonCode = "IMAGE_TOO_COMPLEX"
    /// No trusted key has the card's kid.
    public static let keyUnknown: ReasonCode = "KEY_UNKNOWN"
    /// A trusted key made the signature, but not in the window its entry allows (`iat` outside nbf/exp).
    public static let keyNotValid: ReasonCode = "KEY_NOT_VALID"
    /// No trusted key with the kid made the signature.
    public static let signatureInvalid: ReasonCode = "SIGNATURE_INVALID"
    /// The key that made the signature is not trusted for the card's `iss`.
    public static let issuerMismatch: ReasonCode = "ISSUER_MISMATCH"
    /// Before valid-from, or signed after the verification time (beyond the clock skew).
    public static let notYetValid: ReasonCode = "NOT_YET_VALID"
    /// After valid-to (end of day, Vietnam time).
    public static let expired: ReasonCode = "EXPIRED"
    /// On the revocation list.
    public static let revoked: ReasonCode = "REVOKED"
    /// A card-code or benefit-level error (card validation).
    public static let cardCodeInvalid: ReasonCode = "CARD_CODE_INVALID"
    /// Registered at another facility than this clinic's (a warning).
    public static let facilityElsewhere: ReasonCode = "FACILITY_ELSEWHERE"
    /// Legacy text that does not read (field count, a field's format).
    public static let legacyMalformed: ReasonCode = "LEGACY_MALFORMED"
    /// Every legacy card: nothing in it can be authenticated offline (a warning).
    public static let legacyUnsigned: ReasonCode = "LEGACY_UNSIGNED"
    /// The citizen ID shown (CCCD) is neither the card's holder nor the guardian it names: the
    /// card may be genuine, this visit is not its holder's (the fields that differ in the detail).
    public static let idMismatch: ReasonCode = "ID_MISMATCH"
    /// A citizen ID's QR alone, no insurance card: who the person is, and the card to be looked
    /// up by the personal ID (nothing about a card was read).
    public static let cccdOnly: ReasonCode = "CCCD_ONLY"
    /// The same authenticated card was checked in a short while ago at another desk (or at this
    /// one, after the repeat-scan window): the desk and the time in the detail (a warning; the
    /// card's verdict stands, the person needs a look). Only the desk's check-in records add it
    /// (a verifier alone never does), so it is not part of the library's surface.
    package static let repeatVisit: ReasonCode = "REPEAT_VISIT"
    /// The signed trust list is past its `exp`, within the tolerated staleness (a warning).
    public static let trustListStale: ReasonCode = "TRUST_LIST_STALE"
    /// The signed trust list is past its `exp` by more than the tolerated staleness: no signed
    /// card is `valid` (they are `unverified`) until it is updated (a warning that withholds validity).
    public static let trustListExpired: ReasonCode = "TRUST_LIST_EXPIRED"
    /// The signed revocation list is past its `exp`, within the tolerated staleness (a warning).
    public static let revocationListStale: ReasonCode = "REVOCATION_LIST_STALE"
    /// The signed revocation list is past its `exp` by more than the tolerated staleness (a warning).
    public static let revocationListExpired: ReasonCode = "REVOCATION_LIST_EXPIRED"
}

extension ReasonCode {
    /// Every code a verdict can carry, in the order docs/VERIFYING.md's table lists them: the
    /// one table (a test checks the document against it both ways).
    public static let verdictCodes: [ReasonCode] = [
        .inputTooLarge, .imageNoQR, .imageTooComplex, .formatUnknown, .base10Invalid, .decompressFailed,
        .cborMalformed, .coseMalformed, .algUnsupported, .kidMissing, .keyUnknown, .signatureInvalid,
        .issuerMismatch, .keyNotValid, .claimsInvalid, .notYetValid, .expired, .revoked, .cardCodeInvalid,
        .facilityElsewhere, .legacyMalformed, .legacyUnsigned, .imeMangled, .trustListStale, .trustListExpired,
        .revocationListStale, .revocationListExpired, .idMismatch, .cccdOnly, .cccdMalformed,
        .repeatVisit,
    ]
}
