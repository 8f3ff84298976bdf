import BHYTCard
import BHYTCOSE
import BHYTDesk
import BHYTPrint
import BHYTService
import BHYTVerifier

/// The commands' errors (keygen, trust, revocation, issue, card), in the user's language. Errors
/// with words in both languages give theirs; a key or list problem whose detail exists only in
/// English (a parser's technical cause) gets a Vietnamese sentence, and the detail after it
/// as its own sentence, labelled, so that no sentence mixes the two languages.
enum ErrorText {
    static func error(_ error: any Error, _ lang: Language) -> String {
        switch error {
        case let e as Files.WriteError:
            return e.message(lang)
        case let e as SignedListError:
            return e.message(lang)
        case let e as JWSError:
            return e.message(lang)
        case let e as CardError:
            return e.message(lang)
        case let e as IssueError:
            return e.message(lang)
        case let e as COSEError:
            return e.message(lang)
        case let e as RevocationList.LoadError:
            return e.message(lang)
        case let e as StaffDirectory.StaffError:
            return lang == .vi ? withTechnicalDetail("Tệp người dùng không dùng được", e.description) : e.description
        default:
            return "\(error)"
        }
    }

    /// A signing window, "from … until …" (empty when unbounded).
    static func window(_ k: TrustedKey, _ lang: Language) -> String {
        let vi = lang == .vi
        return [k.notBefore.map { (vi ? "từ " : "from ") + VietnamTime.format($0) },
                k.expires.map { (vi ? "đến " : "until ") + VietnamTime.format($0) }]
            .compactMap { $0 }.joined(separator: " ")
    }
}
