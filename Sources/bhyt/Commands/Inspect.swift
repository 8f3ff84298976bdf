import ArgumentParser
import BHYTCard
import BHYTJSON
import BHYTCOSE
import BHYTImage

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what a card's QR text says (without judging whether it is genuine).",
        discussion: """
            INPUT is QR text, a file (one card a line; .json for a card in its JSON form), \
            or - for standard input (the default): paste or scan one card a line.
            With --json, one JSON object a line (schema in docs/FORMAT.md).
            Exit status: 0 every input read; 1 some input malformed; 2 usage or I/O error.
            """)

    @Argument(help: ArgumentHelp("QR text, a file, or - for stdin.", valueName: "INPUT"))
    var inputs: [String] = []

    @Flag(name: .long, help: "One JSON object a line instead of text for people.")
    var json = false

    @OptionGroup var language: LanguageOption

    func run() throws {
        let lang = language.language
        var failures = 0
        var first = true
        for item in Inputs(arguments: inputs) {
            let result = CardInspection.inspect(item)
            if json {
                Console.out(result.json(origin: item.origin, lang).serialized)
            } else {
                if !first { Console.out("") }
                first = false
                Console.out(result.text(origin: item.origin, lang))
            }
            if result.failed {
                failures += 1
                if json { Console.error("\(item.origin): \(result.errorSummary(lang))") }
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}

/// What inspect found for one input.
enum CardInspection {
    /// QR text, read (legacy or signed; the library's own reading, not judged).
    case read(CardText)
    case cardJSON(Card)
    case failure(code: String, en: String, vi: String, field: Int?)

    static func inspect(_ item: InputItem) -> CardInspection {
        switch item.content {
        case .text(let text):
            do {
                return .read(try CardText.read(text))
            } catch {
                return .failure(code: error.code.rawValue, en: error.message(.en), vi: error.message(.vi), field: error.fieldIndex)
            }
        case .cardJSON(let text):
            do {
                return .cardJSON(try Card(jsonText: text))
            } catch {
                return .failure(code: error.code.rawValue, en: error.message(.en), vi: error.message(.vi), field: nil)
            }
        case .image(let path):
            guard let bytes = Inputs.readBytes(path) else {
                return .failure(code: "INPUT_UNREADABLE", en: "cannot read \(path)", vi: "không đọc được \(path)", field: nil)
            }
            do {
                let text = try QRImageReader.readSingle(bytes)
                return inspect(InputItem(origin: item.origin, content: .text(text)))
            } catch {
                return .failure(code: "IMAGE_NO_QR", en: "\(path): \(error)", vi: "\(path): \(error)", field: nil)
            }
        case .unreadable(let why):
            return .failure(code: "INPUT_UNREADABLE", en: why, vi: why, field: nil)
        }
    }

    var failed: Bool { if case .failure = self { return true } else { return false } }

    func errorSummary(_ lang: Language) -> String {
        guard case .failure(let code, let en, let vi, _) = self else { return "" }
        return "\(code): \(lang == .vi ? vi : en)"
    }

    var card: Card? {
        switch self {
        case .read(let r): return r.card
        case .cardJSON(let c): return c
        case .failure: return nil
        }
    }

    func json(origin: String, _ lang: Language) -> JSONValue {
        switch self {
        case .failure(let code, let en, let vi, let field):
            return .object(["input": .string(origin), "format": .string("unknown"),
                            "error": .object(["code": .string(code), "field": field.map { .int(Int64($0)) } ?? .null,
                                              "message": .string(lang == .vi ? vi : en)])])
        case .read(.legacy(let l)):
            return .object(["input": .string(origin), "format": .string("legacy"), "generation": .string(l.generation.rawValue),
                            "repairedFrom": .optional(l.repairedFrom?.rawValue), "card": l.card.json,
                            "issues": .array(l.card.validate().map { $0.json(lang) })])
        case .read(.signed(let s)):
            return .object(["input": .string(origin), "format": .string("signed"),
                            "alg": .string(s.algorithm.name), "kid": .string(Base64.encode(s.kid, url: true, padded: false)),
                            "iss": .string(s.issuer), "iat": .int(s.issuedAt),
                            "nbf": .int(s.notBefore), "exp": s.expires.map(JSONValue.int) ?? .null,
                            "compressed": .bool(s.compressed), "trustChecked": .bool(false), "card": s.card.json,
                            "issues": .array(s.card.validate().map { $0.json(lang) })])
        case .cardJSON(let c):
            return .object(["input": .string(origin), "format": .string("json"), "card": c.json,
                            "issues": .array(c.validate().map { $0.json(lang) })])
        }
    }

    func text(origin: String, _ lang: Language) -> String {
        let vi = lang == .vi
        var out: [String] = []
        switch self {
        case .failure(let code, let en, let viText, _):
            return (vi ? "✗ \(origin): không đọc được thẻ — " : "✗ \(origin): not a readable card — ") + "\(code)\n  \(vi ? viText : en)"
        case .read(.legacy(let l)):
            let gen = l.generation == .gen2016 ? (vi ? "mẫu 2016–2021" : "2016–2021 card") : (vi ? "mẫu 2021" : "2021 design")
            out.append((vi ? "Thẻ BHYT, mã QR cũ (\(gen)) — \(origin)" : "BHYT card, legacy QR (\(gen)) — \(origin)"))
            if let m = l.repairedFrom {
                out.append(vi ? "  ! Đã sửa lỗi do bộ gõ \(m.rawValue.uppercased()); nên tắt bộ gõ tiếng Việt khi quét."
                              : "  ! Repaired text mangled by the \(m.rawValue.uppercased()) input method; turn the Vietnamese input method off when scanning.")
            }
        case .read(.signed(let s)):
            out.append(vi ? "Thẻ BHYT có chữ ký số (BHXH1) — \(origin)" : "Signed BHYT card (BHXH1) — \(origin)")
            out.append(vi ? "  ! inspect KHÔNG kiểm tra chữ ký hay khóa tin cậy: dùng bhyt verify để xác thực."
                          : "  ! inspect does NOT check the signature or trust: use bhyt verify to authenticate.")
            let kid = Base64.encode(s.kid, url: true, padded: false)
            out.append("  alg \(s.algorithm.name), kid \(kid), iss \(s.issuer)")
            func t(_ v: Int64?) -> String { v.map { VietnamTime.format($0) } ?? "-" }
            out.append((vi ? "  ký lúc (iat) " : "  signed (iat) ") + t(s.issuedAt) + ", nbf " + t(s.notBefore) + ", exp " + t(s.expires))
        case .cardJSON:
            out.append(vi ? "Thẻ BHYT (JSON) — \(origin)" : "BHYT card (JSON) — \(origin)")
        }
        guard let card else { return out.joined(separator: "\n") }
        let lines = card.displayLines(lang)
        let width = lines.map { $0.label.count }.max() ?? 0
        for (label, value) in lines {
            out.append("  " + label + ":" + String(repeating: " ", count: width - label.count + 1) + value)
        }
        for issue in card.validate() {
            let mark = issue.severity == .error ? (vi ? "Lỗi" : "Error") : (vi ? "Cảnh báo" : "Warning")
            out.append("  \(mark) \(issue.code.rawValue): \(issue.message(lang))")
        }
        if case .read(.legacy) = self {
            out.append(vi ? "  (inspect chỉ đọc nội dung; mã QR cũ không thể xác thực ngoại tuyến)"
                          : "  (inspect only reads the content; a legacy QR cannot be authenticated offline)")
        }
        return out.joined(separator: "\n")
    }
}
