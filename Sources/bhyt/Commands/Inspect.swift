import ArgumentParser
import BHYTCard
import BHYTJSON
import BHYTCOSE
import BHYTDesk
import BHYTVerifier

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
        let json = self.json
        let jsonLanguage = language.machine
        let reader = InputReader(arguments: inputs, language: lang, answersEveryStdinLine: true)
        let out = OutputBuffer()
        var failures = 0, ioErrors = 0, count = 0
        var first = true
        OrderedPipeline.run(threads: Machine.cores, source: { reader.next() }, transform: { item -> (Inspection, [UInt8], String) in
            let result = Inspection.inspect(item)
            guard json else { return (result, [], item.origin(lang)) }
            var w = JSONWriter(capacity: 1536)
            result.writeJSON(to: &w, origin: item.origin, jsonLanguage)
            w.bytes.append(0x0A)
            return (result, w.bytes, item.origin)
        }, emit: { result, bytes, origin in
            count += 1
            if case .unreadable(let why) = result {
                out.flush()
                Console.error("bhyt inspect: \(why)")
                ioErrors += 1
                return
            }
            if json {
                out.write(bytes)
            } else {
                out.write((first ? "" : "\n") + CardInspectionText.render(result, origin: origin, lang) + "\n")
                first = false
            }
            if result.failed {
                failures += 1
                if json { out.flush(); Console.error("\(origin): \(result.errorSummary(lang))") }
            }
        }, idle: { out.flush() })
        out.flush()
        // As for verify: nothing read is no success for a script.
        if count == 0 {
            Console.error(lang == .vi ? "bhyt inspect: không có thẻ nào để đọc (tệp hoặc đầu vào trống)" : "bhyt inspect: no card in the input (an empty file or stream)")
            throw ExitCode(2)
        }
        if ioErrors > 0 { throw ExitCode(2) }
        if failures > 0 { throw ExitCode(1) }
    }
}

/// The inspection for people.
enum CardInspectionText {
    static func render(_ inspection: Inspection, origin: String, _ lang: Language) -> String {
        let vi = lang == .vi
        var out: [String] = []
        switch inspection {
        case .failure(let code, _, let en, let viText):
            return TerminalText.lines([(vi ? "✗ \(origin): không đọc được thẻ — " : "✗ \(origin): not a readable card — ") + code.rawValue,
                                       "  " + (vi ? viText : en)])
        case .unreadable(let why):
            return TerminalText.line("✗ " + why)
        case .read(.legacy(let l)):
            let gen = l.generation == .gen2016 ? (vi ? "mẫu 2016–2021" : "2016–2021 card") : (vi ? "mẫu 2021" : "2021 design")
            out.append((vi ? "Thẻ BHYT, mã QR cũ (\(gen)) — \(origin)" : "BHYT card, legacy QR (\(gen)) — \(origin)"))
            if let m = l.repairedFrom {
                out.append(vi ? "  ! Đã sửa lỗi do bộ gõ \(m.rawValue.uppercased()); nên tắt bộ gõ tiếng Việt khi quét."
                              : "  ! Repaired text mangled by the \(m.rawValue.uppercased()) input method; turn the Vietnamese input method off when scanning.")
                if l.checkStringLost {
                    out.append(vi ? "  ! Chuỗi kiểm tra không khôi phục được (có nhiều cách đọc): thẻ được đọc không có nó."
                                  : "  ! The check string could not be recovered (more than one reading): the card is read without it.")
                }
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
        case .citizenID(let id):
            out.append(vi ? "Căn cước công dân (CCCD), không phải thẻ BHYT — \(origin)" : "Citizen ID (CCCD), not an insurance card — \(origin)")
            out.append(contentsOf: CitizenIDText.lines(id, lang, full: true).map { "  " + $0 })
            out.append(vi ? "  Tra cứu thẻ BHYT theo số định danh, hoặc quét thẻ BHYT để đối chiếu." : "  Look the insurance card up by the personal ID, or scan the card to compare.")
        }
        guard let card = inspection.card else { return TerminalText.lines(out) }
        let lines = card.displayLines(lang)
        let width = lines.map { $0.label.count }.max() ?? 0
        for (label, value) in lines {
            out.append("  " + label + ":" + String(repeating: " ", count: width - label.count + 1) + value)
        }
        for issue in card.validate() {
            let mark = issue.severity == .error ? (vi ? "Lỗi" : "Error") : (vi ? "Cảnh báo" : "Warning")
            out.append("  \(mark) \(issue.code.rawValue): \(issue.message(lang))")
        }
        if case .read(.legacy) = inspection {
            out.append(vi ? "  (inspect chỉ đọc nội dung; mã QR cũ không thể xác thực ngoại tuyến)"
                          : "  (inspect only reads the content; a legacy QR cannot be authenticated offline)")
        }
        // Each line escaped whole: a forged card's fields are shown, never obeyed.
        return TerminalText.lines(out)
    }
}
