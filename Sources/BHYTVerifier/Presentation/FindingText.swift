import BHYTCard
import BHYTCOSE

/// The presentation layer's words for findings (lời nhắn cho lễ tân): built from a finding's
/// code (``summary(_:_:)``) and its typed ``FindingDetail``, in Vietnamese or English. The command
/// line, the service and the desk page all take their text from here.
public enum FindingText {
    /// The receptionist's message: what happened and what to do, with the detail when it is for
    /// people (a technical cause in English is left out of Vietnamese text: it stays in JSON `detail`).
    public static func message(_ finding: Finding, _ lang: Language) -> String {
        let summary = FindingText.summary(finding.code, lang)
        guard let d = detail(finding.detail, lang), !(lang == .vi && finding.detail.isTechnical) else { return summary }
        return "\(summary) (\(d))"
    }

    /// The detail alone, or `nil` when there is none: what JSON `detail` holds (a technical
    /// cause stays in English in either language).
    public static func detail(_ detail: FindingDetail, _ lang: Language) -> String? {
        let vi = lang == .vi
        switch detail {
        case .none:
            return nil
        case .inputTooLarge(let n, let limit):
            return vi ? "\(n) byte; tối đa \(limit)" : "\(n) bytes; at most \(limit)"
        case .empty:
            return vi ? "dòng trống" : "empty input"
        case .notCardText:
            return vi ? "không phải \(SignedCardCodec.prefix) cũng không phải mã QR cũ" : "neither \(SignedCardCodec.prefix) nor legacy text"
        case .technical(let cause), .readingFault(let cause):
            return cause
        case .legacyText(let error), .citizenIDText(let error):
            return error.message(lang)
        case .identityDiffers(let fields):
            let names = fields.map { field -> String in
                switch field {
                case .personalId: return vi ? "số định danh" : "personal ID"
                case .name: return vi ? "họ tên" : "name"
                case .birthDate: return vi ? "ngày sinh" : "date of birth"
                case .sex: return vi ? "giới tính" : "sex"
                }
            }
            return (names.isEmpty ? [vi ? "không phải chủ thẻ" : "not the holder"] : names).joined(separator: ", ") + (vi ? " khác" : " differ")
        case .inputMethodRepaired(let method, let checkStringLost):
            let name = method.rawValue.uppercased()
            guard checkStringLost else { return vi ? "đã sửa lỗi do bộ gõ \(name)" : "repaired \(name) mangling" }
            return vi ? "đã sửa lỗi do bộ gõ \(name), trừ chuỗi kiểm tra: không khôi phục được, các trường khác đúng"
                : "repaired \(name) mangling except the check string, which could not be recovered; every other field is exact"
        case .keyUnknown(let kid):
            return vi ? "khóa \(kid) không có trong danh sách tin cậy" : "kid \(kid) is not in the trust list"
        case .noKeyMadeSignature:
            return vi ? "không khóa tin cậy nào có mã khóa này tạo ra chữ ký" : "no trusted key with this kid made this signature"
        case .issuerNotAllowed(let card, let allowed):
            let list = allowed.joined(separator: ", ")
            return vi ? "thẻ ghi \(card); khóa chỉ được ký cho \(list)" : "card says \(card); the key signs for \(list)"
        case .signedOutsideKeyWindow(let signedAt, let issuer):
            let at = VietnamTime.format(signedAt)
            return vi ? "ký lúc \(at), ngoài thời hạn của khóa cho \(issuer)" : "signed at \(at), outside the key's window for \(issuer)"
        case .signedAfterVerification(let signedAt, let verifiedAt):
            let signed = VietnamTime.format(signedAt), at = VietnamTime.format(verifiedAt)
            return vi ? "thẻ ký lúc \(signed), sau thời điểm kiểm tra \(at): kiểm tra lại ngày giờ của máy tính này"
                : "signed at \(signed), after the verification time \(at): check this computer's date and clock"
        case .validFrom(let date):
            return vi ? "có giá trị từ \(date.legacyText)" : "valid from \(date.legacyText)"
        case .validUntil(let date, let end):
            let to = date?.legacyText ?? VietnamTime.format(end)
            return vi ? "có giá trị đến ngày \(to)" : "valid until \(to)"
        case .revokedNumber(let sin):
            return vi ? "mã số BHXH \(sin) có trong danh sách thu hồi" : "social-insurance number \(sin) is on the revocation list"
        case .revokedCode(let code):
            return vi ? "mã thẻ \(code) có trong danh sách thu hồi" : "card code \(code) is on the revocation list"
        case .registeredElsewhere(let card, let here):
            return vi ? "đăng ký tại \(card.display), nơi này là \(here.display)" : "registered at \(card.display), this is \(here.display)"
        case .cardRule(let issue):
            return issue.severity == .error ? "\(issue.code.rawValue): \(issue.message(lang))" : issue.message(lang)
        case .listOverdue(let o):
            return overdue(o, vi: vi)
        case .previousVisit(let desk, let at):
            return vi ? "lúc \(VietnamTime.format(at)) tại quầy \(desk)" : "at \(VietnamTime.format(at)) at desk \(desk)"
        case .described(let en, let viText):
            return vi ? viText : en
        }
    }

    private static func overdue(_ o: ListOverdue, vi: Bool) -> String {
        let trust = o.kind == .trust
        let exp = VietnamTime.format(o.expires), iat = VietnamTime.format(o.issuedAt)
        if vi {
            let name = trust ? "danh sách khóa tin cậy" : "danh sách thẻ thu hồi"
            let head = "\(name) (seq \(o.sequence), ký lúc \(iat)) đã hết hạn \(age(o.overdue, vi: true)) trước, lúc \(exp)"
            guard o.isExpired else { return head + "; còn dùng được \(age(o.tolerated - o.overdue, vi: true)) nữa: hãy cập nhật" }
            let consequence = trust ? "không thẻ có chữ ký nào hợp lệ cho đến khi cập nhật" : "không biết các thẻ mới bị thu hồi cho đến khi cập nhật"
            return head + ", quá \(age(o.tolerated, vi: true)) cho phép: \(consequence)"
        }
        let name = trust ? "trust list" : "revocation list"
        let head = "the \(name) (seq \(o.sequence), signed \(iat)) expired \(age(o.overdue, vi: false)) ago, at \(exp)"
        guard o.isExpired else { return head + "; still used for \(age(o.tolerated - o.overdue, vi: false)) more: update it" }
        let consequence = trust ? "no signed card can be valid until it is updated" : "recent revocations are unknown until it is updated"
        return head + ", more than the \(age(o.tolerated, vi: false)) tolerated: \(consequence)"
    }

    /// `3 days`, `5 hours`, `12 minutes` (`3 ngày`, …), rounded down.
    package static func age(_ seconds: Int64, vi: Bool) -> String {
        let s = max(0, seconds)
        if s >= 86_400 { let d = s / 86_400; return vi ? "\(d) ngày" : "\(d) day\(d == 1 ? "" : "s")" }
        if s >= 3600 { let h = s / 3600; return vi ? "\(h) giờ" : "\(h) hour\(h == 1 ? "" : "s")" }
        let m = s / 60
        return vi ? "\(m) phút" : "\(m) minute\(m == 1 ? "" : "s")"
    }
}

extension FindingDetail {
    /// A technical cause in English (decoding stages), kept out of Vietnamese text for people.
    package var isTechnical: Bool {
        switch self {
        case .technical, .readingFault: return true
        default: return false
        }
    }
}
