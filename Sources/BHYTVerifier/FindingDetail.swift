import BHYTCard
import BHYTCOSE

/// What exactly a finding found (chi tiết), as typed values. The words, in Vietnamese or
/// English, are the presentation layer's (``FindingText``): nothing in verification builds text
/// for people.
public enum FindingDetail: Sendable, Hashable {
    /// Nothing beyond the code.
    case none
    /// The input is longer than any card (`bytes` against `limit`).
    case inputTooLarge(bytes: Int, limit: Int)
    /// Blank input.
    case empty
    /// Text that is neither `BHXH1:` nor `|`-separated legacy text.
    case notCardText
    /// A signed card's decoding stage failed: the technical cause, in English ("CBOR invalid UTF-8
    /// at byte 74"). For logs and JSON `detail`; never shown to a receptionist in Vietnamese.
    case technical(String)
    /// Like ``technical(_:)``, for text cut short or garbled in reading (a signed card's digits
    /// of an impossible length, or not digits at all): nothing was read, so not invalid.
    case readingFault(String)
    /// Legacy text that does not read (the codec's error: the field at fault and why).
    case legacyText(CardError)
    /// Legacy text typed through a Vietnamese input method, repaired; `checkStringLost` when the
    /// check string (chuỗi kiểm tra) had more than one reading and was left out.
    case inputMethodRepaired(InputMethod, checkStringLost: Bool)
    /// No trusted key has the card's kid (base64url).
    case keyUnknown(kid: String)
    /// Keys with the kid are trusted, but none made the signature.
    case noKeyMadeSignature
    /// The key that signed may sign only for `allowed` issuers, not the card's.
    case issuerNotAllowed(card: String, allowed: [String])
    /// Signed (`iat`) outside the signing key's window for the issuer.
    case signedOutsideKeyWindow(signedAt: Int64, issuer: String)
    /// Signed after the verification time (beyond the clock skew).
    case signedAfterVerification(signedAt: Int64, verifiedAt: Int64)
    /// Not valid before this day (từ ngày).
    case validFrom(CardDate)
    /// Valid until this day (đến ngày); the seconds when the card carries no date.
    case validUntil(CardDate?, end: Int64)
    /// The social-insurance number (mã số BHXH) is on the revocation list.
    case revokedNumber(String)
    /// The card code (mã thẻ) is on the revocation list.
    case revokedCode(String)
    /// Registered (nơi đăng ký KCB ban đầu) at `card`, while this clinic is `here`.
    case registeredElsewhere(card: FacilityCode, here: FacilityCode)
    /// One of the card's own rules (the card's validation), with its code and field.
    case cardRule(CardIssue)
    /// A signed list past its `exp`.
    case listOverdue(ListOverdue)
    /// The fields in which the citizen ID shown differs from the card's holder.
    case identityDiffers([IdentityMatch.Field])
    /// A citizen ID's QR text that does not read (the codec's error: the field at fault and why).
    case citizenIDText(CardError)
    /// The earlier check-in of the same card: at which desk (quầy) and when.
    case previousVisit(desk: String, at: Int64)
    /// Words given by the layer that made the finding: a clinic's own policy, or the desk
    /// reading a file or an image (English and Vietnamese).
    case described(en: String, vi: String)
}

/// A signed list past its `exp` at the verification time: which list, its `seq` and dates, how
/// long overdue and how long it is tolerated (the verifier's maximum staleness).
public struct ListOverdue: Sendable, Hashable {
    /// The trust list or the revocation list.
    public let kind: SignedListKind
    /// The list's `seq`, `iat` and `exp`.
    package let sequence: Int64, issuedAt: Int64, expires: Int64
    /// Seconds past `exp`, and the staleness tolerated.
    package let overdue: Int64, tolerated: Int64

    /// Whether it is past the tolerated staleness too (`…_LIST_EXPIRED`).
    package var isExpired: Bool { overdue > max(0, tolerated) }
}
