import BHYTCard
import BHYTCOSE
import BHYTQR

/// Issues signed cards (cấp thẻ BHYT có chữ ký số): the one public way to make `BHXH1:` text.
///
/// A card is signed only when every verifier would read it and the printed card can hold it:
/// it has no validation error (``Card/validate()``: what the verifier's card rules refuse),
/// its signed text is within what verifiers read, and it lays out on the ID-1 card in every
/// language `bhyt card` prints (the same fit check as ``CardLayout``, with the QR of its own
/// signed text at level M). A card's JSON form must say `validTo` (a date, or `null` for an
/// open-ended card) before it becomes a ``Card``, so no card is open-ended by omission.
public struct CardIssuer: Sendable {
    /// The issuer's signing key (khóa ký của cơ quan BHXH cấp thẻ).
    package let key: SigningKey
    /// The issuer (`iss`, nơi cấp), e.g. `VN-79`: letters, digits and `-`, at most 32 characters.
    package let issuer: String

    /// An issuer signing with `key` as `issuer`.
    ///
    /// - Throws: ``IssueError/issuerInvalid(_:)`` when `issuer` is not 1–32 letters, digits or `-`.
    public init(key: SigningKey, issuer: String) throws(IssueError) {
        guard CardIssuer.isValidIssuer(issuer) else { throw .issuerInvalid(issuer) }
        self.key = key
        self.issuer = issuer
    }

    /// Whether `text` can be an issuer (`iss`): 1–32 ASCII letters, digits or `-`.
    package static func isValidIssuer(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 32
            && text.utf8.allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }

    /// Signs `card` at `issuedAt` (`iat`, seconds since the epoch).
    ///
    /// - Returns: the signed text and the card's validation warnings (issued all the same).
    /// - Throws: ``IssueError/invalid(_:)`` with the validation errors, ``IssueError/tooLarge(_:)``
    ///   for a card whose signed text no verifier reads, ``IssueError/cannotPrint(_:)`` for a card
    ///   the printed card cannot hold.
    public func issue(_ card: Card, at issuedAt: Int64) throws(IssueError) -> IssuedCard {
        let issues = card.validate()
        guard !issues.contains(where: { $0.severity == .error }) else { throw .invalid(issues) }
        let text: String
        do {
            text = try SignedCardCodec.issue(card, issuer: issuer, issuedAt: issuedAt, key: key)
        } catch {
            throw error.code == .inputTooLarge ? .tooLarge(error) : .cannotSign(error)
        }
        do {
            try CardIssuer.checkPrintable(card, text: text)
        } catch {
            throw .cannotPrint(error)
        }
        return IssuedCard(text: text, warnings: issues.filter { $0.severity == .warning })
    }

    /// The print fit check: the card laid out with the QR of `text` (level M, as `bhyt card`
    /// prints it by default) in Vietnamese and in English.
    package static func checkPrintable(_ card: Card, text: String) throws(PrintError) {
        // Only the QR's size matters to the layout: its version, from the text's length (the
        // symbol is made when the card is printed). Over 5,596 digits no version-40 QR holds it at M.
        guard let version = QREncoder.versionAtLevelM(cardText: text) else {
            throw .qrTooLarge(cardCode: card.code.text, version: 40)
        }
        try CardLayout.checkFits(card: card, qrVersion: version, signed: true, languages: Language.allCases)
    }
}

/// A card signed by ``CardIssuer``: its `BHXH1:` text and the warnings its validation gave.
public struct IssuedCard: Sendable, Hashable {
    /// The signed card's text (`BHXH1:` + digits), what its QR holds.
    public let text: String
    /// Validation warnings (an unusual object code, say): the card was issued all the same.
    public let warnings: [CardIssue]
}

/// Why ``CardIssuer`` did not sign a card (không cấp được thẻ).
public enum IssueError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The issuer name is not 1–32 letters, digits or `-`.
    case issuerInvalid(String)
    /// The card has validation errors: the verifier would refuse it. Every issue found is given,
    /// errors and warnings, each with its code and field.
    case invalid([CardIssue])
    /// The signed text would be longer than verifiers read (``CardError`` with `INPUT_TOO_LARGE`).
    case tooLarge(CardError)
    /// The key could not sign (a ``CardError`` saying why).
    case cannotSign(CardError)
    /// The printed card cannot hold it (a name, address or other field too long, or a QR too dense).
    case cannotPrint(PrintError)

    public var description: String {
        switch self {
        case .issuerInvalid(let s): return "the issuer '\(s)' is not 1–32 letters, digits or -"
        case .invalid(let issues): return "refused: " + issues.map(\.description).joined(separator: "; ")
        case .tooLarge(let e), .cannotSign(let e): return "not a card: " + e.message(.en)
        case .cannotPrint(let e): return "refused, the printed card cannot hold it: \(e)"
        }
    }

    /// The message in `lang`: whole sentences in one language.
    package func message(_ lang: Language) -> String {
        guard lang == .vi else { return description }
        switch self {
        case .issuerInvalid(let s): return "nơi cấp '\(s)' không phải 1–32 chữ cái, chữ số hoặc dấu -"
        case .invalid(let issues): return "từ chối: " + issues.map { $0.line(.vi) }.joined(separator: "; ")
        case .tooLarge(let e), .cannotSign(let e): return "không phải thẻ: " + e.message(.vi)
        case .cannotPrint(let e): return "từ chối, thẻ in không chứa được: " + e.message(.vi)
        }
    }
}
