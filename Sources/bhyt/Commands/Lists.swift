import ArgumentParser
import BHYTCard
import BHYTCOSE
import BHYTDesk
import BHYTJSON
import BHYTListSync
import BHYTVerifier

struct Lists: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Keep the signed trust and revocation lists fresh from the agency's web server.",
        subcommands: [ListsSync.self])
}

struct ListsSync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Download BASE/trust.jws and BASE/revocation.jws into DIR when the server has newer ones.",
        discussion: """
            Each list is fetched with a conditional request (ETag, Last-Modified: nothing is \
            downloaded when it has not changed), verified against the pinned root keys (--root) \
            and the sequence rule (never an older seq, never a seq reused for other content), and \
            only then put in place of the old one, whole. On any failure (the server unreachable, \
            a 404, a download cut short, another signer, a rollback) the last good list stays and \
            the reason is printed. `bhyt serve --trust DIR/trust.jws --revoked DIR/revocation.jws \
            --root …` picks new lists up by itself. Run it from a timer (the package's \
            bhyt-lists-sync.timer) or cron.
            Exit status: 0 every list is current; 1 a list was refused (the old one kept); 2 usage or I/O error.
            """)

    @Option(name: .customLong("from"), help: ArgumentHelp("The agency's base URL (https://…/lists).", valueName: "URL"))
    var from: String

    @Option(name: .customLong("to"), help: ArgumentHelp("The folder the lists are kept in.", valueName: "DIR"))
    var to: String

    @Option(name: .customLong("root"), help: ArgumentHelp("The agency's root public key (repeatable; at least one).", valueName: "ROOT.pub.pem"))
    var roots: [String] = []

    @Flag(help: "One JSON object a list.")
    var json = false

    @OptionGroup var language: LanguageOption

    func validate() throws {
        let vi = language.language == .vi
        guard !roots.isEmpty else { throw ValidationError(vi ? "cần ít nhất một --root: danh sách chỉ được nhận khi khóa gốc đã ghim xác thực chữ ký" : "give at least one --root: a list is taken only when a pinned root key verifies it") }
        guard from.hasPrefix("https://") || from.hasPrefix("http://") else {
            throw ValidationError(vi ? "--from phải là địa chỉ http:// hoặc https://" : "--from must be an http:// or https:// URL")
        }
    }

    func run() async throws {
        let lang = language.language, vi = lang == .vi
        let keys: [PublicKey]
        do {
            keys = try ListFiles.roots(at: roots, language: lang)
        } catch {
            Console.error("bhyt lists sync: \(error)")
            throw ExitCode(2)
        }
        guard Files.kind(to) == .directory else {
            Console.error(vi ? "bhyt lists sync: \(to) không phải thư mục" : "bhyt lists sync: \(to) is not a folder")
            throw ExitCode(2)
        }
        let sync = ListSync(base: from, directory: to, roots: keys)
        var refused = false
        for (kind, outcome) in await sync.syncAll() {
            let name = vi ? (kind == .trust ? "danh sách tin cậy" : "danh sách thu hồi") : "\(kind.rawValue) list"
            if json {
                var w = JSONWriter()
                w.beginObject()
                w.member("list", kind.rawValue)
                switch outcome {
                case .updated(let seq, let previous):
                    w.member("outcome", "updated"); w.member("seq", seq); w.member("previousSeq", previous)
                    w.member("reason", nil as String?)
                case .unchanged(let seq):
                    w.member("outcome", "unchanged"); w.member("seq", seq); w.member("previousSeq", seq)
                    w.member("reason", nil as String?)
                case .refused(let reason, _, let kept):
                    w.member("outcome", "refused"); w.member("seq", kept); w.member("previousSeq", kept)
                    w.member("reason", reason)
                }
                w.endObject()
                Console.out(String(decoding: w.bytes, as: UTF8.self))
            } else {
                switch outcome {
                case .updated(let seq, let previous):
                    Console.out(vi ? "\(name): đã cập nhật lên seq \(seq)\(previous.map { " (trước: \($0))" } ?? "")"
                                   : "\(name): updated to seq \(seq)\(previous.map { " (was \($0))" } ?? "")")
                case .unchanged(let seq):
                    Console.out(vi ? "\(name): không có gì mới\(seq.map { " (seq \($0))" } ?? "")" : "\(name): unchanged\(seq.map { " (seq \($0))" } ?? "")")
                case .refused(let reason, let detail, let kept):
                    let keptText = kept.map { vi ? "giữ danh sách seq \($0)" : "kept the list of seq \($0)" } ?? (vi ? "chưa có danh sách nào" : "no list yet")
                    let why = reason == "DOWNLOAD_FAILED" ? "Không tải được danh sách từ máy chủ (kiểm tra địa chỉ --from và kết nối mạng)"
                        : reason.hasPrefix("HTTP_") ? "Máy chủ trả lời \(reason.dropFirst(5)) thay vì danh sách"
                        : reason == "TOO_LARGE" ? "Danh sách lớn hơn mức cho phép"
                        : "Danh sách tải về không được chấp nhận"
                    Console.error(vi ? "\(name): bị từ chối [\(reason)]; \(keptText). " + withTechnicalDetail(why, detail)
                                     : "\(name): refused [\(reason)]: \(detail); \(keptText)")
                }
            }
            if case .refused = outcome { refused = true }
        }
        if refused { throw ExitCode(1) }
    }
}
