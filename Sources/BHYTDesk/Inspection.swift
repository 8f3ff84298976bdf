import BHYTCard
import BHYTCOSE
import BHYTImage
import BHYTJSON

/// What a card's QR text (or its JSON form, or a picture of it) says, without judging whether
/// it is genuine: what `bhyt inspect` prints and the service's `/v1/inspect` returns.
package enum Inspection: Sendable {
    /// QR text, read (legacy or signed; the codecs' reading, not verified).
    case read(CardText)
    /// A card in its JSON form.
    case cardJSON(Card)
    /// A citizen ID's QR (CCCD): a person, no card.
    case citizenID(CitizenID)
    /// Not a readable card: a stable code, where (a legacy field), and why.
    case failure(code: ReasonCode, field: Int?, en: String, vi: String)
    /// The input could not be read at all (an I/O error).
    case unreadable(String)

    /// Reads one input item.
    package static func inspect(_ item: InputItem) -> Inspection {
        switch item.content {
        case .text(let text): return inspect(text: text)
        case .tooLong(let n):
            return .failure(code: .inputTooLarge, field: nil, en: "a line of \(n) bytes is no card", vi: "một dòng \(n) byte không phải thẻ")
        case .json(let text): return inspect(cardJSON: text)
        case .image(let path):
            guard let bytes = FileBytes.read(path: path, limit: 64 << 20) else { return .unreadable("cannot read \(path)") }
            return inspect(image: bytes)
        case .unreadable(let why): return .unreadable(why)
        }
    }

    /// Reads card QR text.
    package static func inspect(text: String) -> Inspection {
        do {
            if CardTextKind.of(text) == .citizenID { return .citizenID(try CitizenIDCodec.read(text)) }
            return .read(try CardText.read(text))
        } catch {
            return .failure(code: error.code, field: error.fieldIndex, en: error.message(.en), vi: error.message(.vi))
        }
    }

    /// Reads a card's JSON form.
    package static func inspect(cardJSON text: String) -> Inspection {
        do {
            return .cardJSON(try Card(jsonText: text))
        } catch {
            return .failure(code: error.code, field: nil, en: error.message(.en), vi: error.message(.vi))
        }
    }

    /// Reads the one QR code in an image, then its text.
    package static func inspect(image bytes: [UInt8]) -> Inspection {
        do {
            return inspect(text: try QRImageReader.readSingle(bytes))
        } catch {
            return .failure(code: CardImage.reasonCode(for: error), field: nil, en: error.description, vi: error.descriptionVi)
        }
    }

    /// Whether the input was not a readable card.
    package var failed: Bool {
        switch self {
        case .read, .cardJSON, .citizenID: return false
        case .failure, .unreadable: return true
        }
    }

    /// The card, when one was read.
    package var card: Card? {
        switch self {
        case .read(let r): return r.card
        case .cardJSON(let c): return c
        case .failure, .unreadable, .citizenID: return nil
        }
    }

    /// `CODE: message`, for a failure.
    package func errorSummary(_ lang: Language) -> String {
        switch self {
        case .failure(let code, _, let en, let vi): return "\(code.rawValue): \(lang == .vi ? vi : en)"
        case .unreadable(let why): return why
        case .read, .cardJSON, .citizenID: return ""
        }
    }

    /// The documented JSON form (docs/FORMAT.md, `bhyt inspect --json`), written into `w`.
    package func writeJSON(to w: inout JSONWriter, origin: String?, _ lang: Language) {
        w.beginObject()
        if let origin { w.member("input", origin) }
        switch self {
        case .failure(let code, let field, let en, let vi):
            w.member("format", "unknown")
            w.key("error")
            w.beginObject()
            w.member("code", code.rawValue)
            w.member("field", field.map(Int64.init))
            w.member("message", lang == .vi ? vi : en)
            w.endObject()
        case .unreadable(let why):
            w.member("format", "unknown")
            w.key("error")
            w.beginObject()
            w.member("code", "INPUT_UNREADABLE")
            w.member("field", nil as Int64?)
            w.member("message", why)
            w.endObject()
        case .read(.legacy(let l)):
            w.member("format", "legacy")
            w.member("generation", l.generation.rawValue)
            w.member("repairedFrom", l.repairedFrom?.rawValue)
            w.key("checkStringLost"); w.bool(l.checkStringLost)
            writeCard(l.card, to: &w, lang)
        case .read(.signed(let s)):
            w.member("format", "signed")
            w.member("alg", s.algorithm.name)
            w.member("kid", Base64.encode(s.kid, url: true, padded: false))
            w.member("iss", s.issuer)
            w.member("iat", s.issuedAt)
            w.member("nbf", s.notBefore)
            w.member("exp", s.expires)
            w.key("compressed")
            w.bool(s.compressed)
            w.key("trustChecked")
            w.bool(false)
            writeCard(s.card, to: &w, lang)
        case .cardJSON(let c):
            w.member("format", "json")
            writeCard(c, to: &w, lang)
        case .citizenID(let id):
            w.member("format", "cccd")
            w.key("identity")
            w.beginObject()
            w.member("personalId", id.personalId)
            w.member("oldId", id.oldId)
            w.member("fullName", id.fullName)
            w.key("birthDate")
            w.asciiString { id.birthDate.appendISO(to: &$0) }
            w.member("sex", id.sex.jsonName)
            w.member("address", id.address)
            w.key("issueDate")
            if let d = id.issueDate { w.asciiString { d.appendISO(to: &$0) } } else { w.null() }
            w.endObject()
        }
        w.endObject()
    }

    private func writeCard(_ card: Card, to w: inout JSONWriter, _ lang: Language) {
        w.key("card")
        card.writeJSON(to: &w)
        w.key("issues")
        w.beginArray()
        for issue in card.validate() { issue.writeJSON(to: &w, lang) }
        w.endArray()
    }
}
