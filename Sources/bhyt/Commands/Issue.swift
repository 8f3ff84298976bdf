import ArgumentParser
import BHYTCard
import BHYTCOSE
import BHYTDesk
import BHYTJSON
import BHYTPrint

struct Issue: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign cards: card JSON in, one BHXH1: text a line out.",
        discussion: """
            CARD is a card's JSON file (docs/FORMAT.md §3; pretty-printed, or an array of cards), a \
            file of JSON lines (one card a line), or - for JSON lines on stdin. Members are checked \
            by name (a misspelt one is refused); names are normalised to NFC. Cards with validation \
            errors are refused (warnings are shown). --at fixes the signing time (iat); the default is now.
            Exit status: 0 all signed; 1 some card refused; 2 usage or I/O error.
            """)

    @Option(help: ArgumentHelp("The issuer's private key (PKCS#8 PEM, not encrypted).", valueName: "KEY.pem"))
    var key: String

    @Option(help: ArgumentHelp("The issuer, e.g. VN-56 (letters, digits and -).", valueName: "ISSUER"))
    var iss: IssuerArgument

    @Option(help: ArgumentHelp("Signing time: date, time, or epoch seconds (default: now).", valueName: "TIME"))
    var at: TimeArgument?

    @Option(help: ArgumentHelp("Worker threads (default: the number of cores).", valueName: "N"))
    var threads: Int?

    @OptionGroup var language: LanguageOption

    @Argument(help: ArgumentHelp("Card JSON files, or - for JSON lines on stdin.", valueName: "CARD"))
    var cards: [String] = []

    /// One input's outcome: the signed lines, and what to tell the operator, in order.
    struct Result: Sendable {
        var lines: [UInt8] = []
        var messages: [String] = []
        var refused = 0
        var ioError = false
    }

    func run() throws {
        let lang = language.language
        let signingKey: SigningKey
        do {
            signingKey = try SigningKey(pem: try Files.read(key))
        } catch {
            Console.error("bhyt issue: \(key): " + ErrorText.error(error, lang))
            throw ExitCode(2)
        }
        let now = Clock.wallSeconds
        let iat = at?.seconds ?? now
        if iat > now + 300 {
            Console.error(lang == .vi
                ? "bhyt issue: cảnh báo: --at \(VietnamTime.format(iat)) ở tương lai; cơ sở KCB sẽ thấy NOT_YET_VALID đến lúc đó (kiểm tra đồng hồ, hoặc ngày đã cho)"
                : "bhyt issue: warning: --at \(VietnamTime.format(iat)) is in the future; clinics will see NOT_YET_VALID until then (check the clock, or the date given)")
        }
        let issuer: CardIssuer
        do {
            issuer = try CardIssuer(key: signingKey, issuer: iss.value)
        } catch {
            Console.error("bhyt issue: --iss: " + ErrorText.error(error, lang))
            throw ExitCode(2)
        }
        let reader = InputReader(arguments: cards, language: lang)
        let out = OutputBuffer()
        var refused = 0, ioErrors = 0, signed = 0
        var progress = Progress("issue")
        OrderedPipeline.run(threads: threads ?? Machine.cores, source: { reader.next() }, transform: { item -> Result in
            var result = Result()
            let documents: [(String, JSONValue?)]
            switch item.content {
            case .text(let t), .json(let t):
                do {
                    let value = try JSONParser.parse(t)
                    if case .array(let list) = value {
                        documents = list.enumerated().map { ("\(item.origin)[\($0.offset)]", $0.element) }
                    } else {
                        documents = [(item.origin, value)]
                    }
                } catch {
                    result.messages.append("\(item.origin): not a card: \(error)")
                    result.refused += 1
                    return result
                }
            case .tooLong(let n):
                result.messages.append(lang == .vi ? "\(item.origin): một dòng \(n) byte không phải thẻ" : "\(item.origin): a line of \(n) bytes is no card")
                result.refused += 1
                return result
            case .image:
                result.messages.append(lang == .vi ? "\(item.origin): một ảnh, không phải dữ liệu JSON của thẻ" : "\(item.origin): an image, not a card's JSON form")
                result.refused += 1
                return result
            case .unreadable(let why):
                result.messages.append(why)
                result.ioError = true
                return result
            }
            for case let (origin, value?) in documents {
                do {
                    let card = try Card(json: value)
                    let issued = try issuer.issue(card, at: iat)
                    for w in issued.warnings { result.messages.append("\(origin): \(w.line(lang))") }
                    if let end = card.validTo?.endInVietnam, end < iat {
                        let to = card.validTo?.legacyText ?? ""
                        result.messages.append(lang == .vi
                            ? "\(origin): cảnh báo: thẻ đã hết hạn ngày \(to), trước thời điểm ký; khi kiểm tra sẽ là EXPIRED"
                            : "\(origin): warning: the card expired on \(to) — before the signing time; it will verify as EXPIRED")
                    }
                    result.lines += Array((issued.text + "\n").utf8)
                } catch let e as IssueError {
                    result.messages.append("\(origin): \(e.message(lang))")
                    result.refused += 1
                } catch let e as CardError {
                    result.messages.append("\(origin): " + (lang == .vi ? "không phải thẻ: " : "not a card: ") + e.message(lang))
                    result.refused += 1
                } catch {
                    result.messages.append("\(origin): \(error)")
                    result.refused += 1
                }
            }
            return result
        }, emit: { result in
            out.write(result.lines)
            signed += result.lines.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            if !result.messages.isEmpty {
                out.flush()
                for m in result.messages { Console.error(m) }
            }
            refused += result.refused
            if result.ioError { ioErrors += 1 }
            progress.tick()
        }, idle: { out.flush() })
        out.flush()
        progress.finish()
        if signed == 0 && refused == 0 && ioErrors == 0 {
            Console.error(lang == .vi ? "bhyt issue: không có thẻ nào trong đầu vào (tệp trống, hoặc mảng [])" : "bhyt issue: no card in the input (an empty file, or [])")
            throw ExitCode(2)
        }
        if ioErrors > 0 { throw ExitCode(2) }
        if refused > 0 { throw ExitCode(1) }
    }
}
