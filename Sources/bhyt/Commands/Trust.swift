import ArgumentParser
import BHYTCard
import BHYTCOSE
import BHYTVerifier
import BHYTDesk
import BHYTJSON
import BHYTPrint

struct Trust: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the trust list (a JWK Set of issuer public keys), sign it with the root key, show a signed one.",
        subcommands: [TrustAdd.self, TrustRemove.self, TrustList_.self, TrustSign.self, TrustShow.self])
}

/// `--iss`: the issuer as the documented form has it (`VN-56`: letters, digits and `-`).
struct IssuerArgument: ExpressibleByArgument {
    let value: String
    init?(argument: String) {
        guard CardIssuer.isValidIssuer(argument) else { return nil }
        value = argument
    }
    static var defaultCompletionKind: CompletionKind { .default }
}

/// Reads a trust list file, or an empty list when it does not exist yet.
func loadTrustList(_ path: String, creating: Bool) throws -> TrustList {
    if creating, !Files.exists(path) { return TrustList() }
    return try TrustList(json: try Files.read(path))
}

struct TrustAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add an issuer's public key to a trust list, or update its entry (the file is created if missing).",
        discussion: """
            The key may sign only for ISSUER, and (with --not-before/--not-after) only cards signed \
            (iat) in that window. A key already listed for ISSUER is updated in place, not added twice: \
            to bound a stolen key, run `bhyt trust add --not-after DATE` on it. A window bound not given \
            keeps the entry's current one. A date means that day in Vietnam time: --not-before from its \
            start, --not-after to its end.
            """)

    @Option(help: ArgumentHelp("The trust list file (JWK Set).", valueName: "FILE"))
    var trust: String

    @Option(help: ArgumentHelp("The issuer the key signs for, e.g. VN-56 (letters, digits and -).", valueName: "ISSUER"))
    var iss: IssuerArgument

    @Option(name: .customLong("not-before"), help: ArgumentHelp("Earliest signing time accepted (date or time).", valueName: "TIME"))
    var notBefore: TimeArgument?

    @Option(name: .customLong("not-after"), help: ArgumentHelp("Latest signing time accepted (a date: to the end of that day).", valueName: "TIME"))
    var notAfter: EndOfDayTimeArgument?

    @Argument(help: ArgumentHelp("The public key (PEM, SubjectPublicKeyInfo).", valueName: "PUB.pem"))
    var publicKey: String

    @OptionGroup var language: LanguageOption

    func validate() throws {
        if let nb = notBefore, let na = notAfter, na.seconds < nb.seconds {
            throw ValidationError(language.language == .vi ? "--not-after trước --not-before" : "--not-after is before --not-before")
        }
    }

    func run() throws {
        let lang = language.language, vi = lang == .vi
        do {
            let key = try PublicKey(pem: try Files.read(publicKey))
            guard key.algorithm == .es256 || key.algorithm == .eddsa else {
                throw Files.WriteError(en: "\(publicKey): a \(key.algorithm.name) key; signed cards use ES256 or EdDSA keys only",
                                       vi: "\(publicKey): khóa \(key.algorithm.name); thẻ có chữ ký chỉ dùng khóa ES256 hoặc EdDSA")
            }
            var list = try loadTrustList(trust, creating: true)
            if let leaked = list.entriesWithPrivateKeys.first {
                throw Files.WriteError(en: "\(trust): key \(leaked + 1) carries a private key (it is leaked): remove that entry and rotate the key before changing the list",
                                       vi: "\(trust): khóa \(leaked + 1) chứa khóa bí mật (đã bị lộ): xóa mục đó và thay khóa trước khi sửa danh sách")
            }
            let existing = list.keys.first { $0.publicKey == key && $0.issuer == iss.value }
            let entry = TrustedKey(publicKey: key, issuer: iss.value, notBefore: notBefore?.seconds ?? existing?.notBefore,
                                   expires: notAfter?.seconds ?? existing?.expires)
            if let nb = entry.notBefore, let na = entry.expires, na < nb {
                throw Files.WriteError(en: "the window would end (\(VietnamTime.format(na))) before it starts (\(VietnamTime.format(nb)))",
                                       vi: "thời hạn sẽ kết thúc (\(VietnamTime.format(na))) trước khi bắt đầu (\(VietnamTime.format(nb)))")
            }
            let outcome = list.add(entry)
            try Files.write(list.jsonText, to: trust, replace: true)
            Console.out(entry.kidText)
            let window = ErrorText.window(entry, lang)
            let unbounded = vi ? "không giới hạn" : "unbounded"
            switch outcome {
            case .added:
                Console.error((vi ? "đã thêm khóa \(key.algorithm.name) \(entry.kidText) cho \(iss.value) vào \(trust)" : "added \(key.algorithm.name) key \(entry.kidText) for \(iss.value) to \(trust)")
                              + (window.isEmpty ? "" : " (\(window))"))
            case .updated(let previous):
                let before = ErrorText.window(previous, lang)
                Console.error((vi ? "đã cập nhật khóa \(entry.kidText) cho \(iss.value) trong \(trust): thời hạn ký " : "updated key \(entry.kidText) for \(iss.value) in \(trust): signing window ")
                              + "\(before.isEmpty ? unbounded : before) → \(window.isEmpty ? unbounded : window)")
            }
        } catch {
            Console.error("bhyt trust add: " + ErrorText.error(error, lang))
            throw ExitCode(2)
        }
    }
}

struct TrustRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a key from a trust list, by its kid (for every issuer, or only --iss).")

    @Option(help: ArgumentHelp("The trust list file (JWK Set).", valueName: "FILE"))
    var trust: String

    @Option(help: ArgumentHelp("Only the entry for this issuer.", valueName: "ISSUER"))
    var iss: IssuerArgument?

    @Argument(help: ArgumentHelp("The key id, as `bhyt trust list` shows it (base64url).", valueName: "KID"))
    var kid: String

    @OptionGroup var language: LanguageOption

    func run() throws {
        let lang = language.language, vi = lang == .vi
        do {
            guard let kidBytes = Base64.decode(kid), kidBytes.count == 8 else {
                throw Files.WriteError(en: "\(kid) is not a kid (8 bytes in base64url, as `bhyt trust list` shows)",
                                       vi: "\(kid) không phải mã khóa (8 byte base64url, như `bhyt trust list` in ra)")
            }
            var list = try loadTrustList(trust, creating: false)
            let removed = list.remove(kid: kidBytes, issuer: iss?.value)
            guard removed > 0 else {
                throw Files.WriteError(en: "no key \(kid)\(iss.map { " for \($0.value)" } ?? "") in \(trust)",
                                       vi: "không có khóa \(kid)\(iss.map { " cho \($0.value)" } ?? "") trong \(trust)")
            }
            try Files.write(list.jsonText, to: trust, replace: true)
            Console.error(vi ? "đã xóa \(removed) mục của khóa \(kid) khỏi \(trust)" : "removed \(removed) entr\(removed == 1 ? "y" : "ies") of key \(kid) from \(trust)")
        } catch {
            Console.error("bhyt trust remove: " + ErrorText.error(error, lang))
            throw ExitCode(2)
        }
    }
}

struct TrustList_: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List a trust list's keys and any entries left out.")

    @Option(help: ArgumentHelp("The trust list file (JWK Set).", valueName: "FILE"))
    var trust: String

    @OptionGroup var language: LanguageOption

    func run() throws {
        let lang = language.language
        do {
            let list = try loadTrustList(trust, creating: false)
            for k in list.keys {
                Console.out("\(k.kidText)  \(k.publicKey.algorithm.name)  \(k.issuer)  \(ErrorText.window(k, lang))")
            }
            for p in list.problems { Console.error(TrustList.leftOutMessage(p, lang)) }
        } catch {
            Console.error("bhyt trust list: " + ErrorText.error(error, lang))
            throw ExitCode(2)
        }
    }
}

struct TrustSign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a trust list with the agency's root key: a JWS (typ bhyt-trust+jwt) for clinics that pin the root (--root).",
        discussion: """
            TRUST.json is a plain trust list (JWK Set, as `bhyt trust add` writes it); a list with an \
            entry that would be left out (a private key, a wrong kid, …) is refused. The payload is \
            {"iat","exp","seq","keys"} (docs/FORMAT.md); exp = iat + --valid-for. After exp clinics \
            warn (TRUST_LIST_STALE), and after exp + their --max-stale no signed card is valid: sign \
            a new list, with a larger --sequence, well before exp.
            """)

    @OptionGroup var signing: ListSigningOptions

    @Argument(help: ArgumentHelp("The plain trust list (JWK Set).", valueName: "TRUST.json"))
    var trustFile: String

    @OptionGroup var language: LanguageOption

    func validate() throws { try signing.check(language.language) }

    func run() throws {
        let lang = language.language, vi = lang == .vi
        do {
            let (key, validity) = try signing.prepare(.trust, lang)
            let list = try TrustList(json: try Files.read(trustFile))
            if !list.problems.isEmpty {
                let problems = list.problems.joined(separator: "; ")
                throw Files.WriteError(en: "\(trustFile): not signed, entries would be left out: " + problems,
                                       vi: withTechnicalDetail("\(trustFile): chưa ký, vì một số mục sẽ bị bỏ qua", problems))
            }
            let jws = try SignedList.sign(list.entriesJSON, kind: .trust, validity: validity, key: key)
            let n = list.keys.count
            try signing.emit(jws, kind: .trust, what: vi ? "danh sách tin cậy (\(n) khóa)" : "trust list (\(n) key\(n == 1 ? "" : "s"))", validity: validity, key: key, lang)
        } catch let error as ExitCode {
            throw error
        } catch {
            Console.error("bhyt trust sign: " + ErrorText.error(error, lang))
            throw ExitCode(2)
        }
    }
}

struct TrustShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a signed trust list: issuers, iat, exp, seq, keys, and whether the signature verifies with --root.",
        discussion: "Exit status: 0 shown (signature verified, or not checked without --root); 1 the signature does not verify with any --root; 2 not a signed trust list, or unreadable.")

    @Option(name: .customLong("root"), help: ArgumentHelp("A root public key to check the signature with (repeatable).", valueName: "ROOT.pub.pem"))
    var roots: [String] = []

    @Flag(help: "One JSON object.")
    var json = false

    @Argument(help: ArgumentHelp("The signed trust list (JWS).", valueName: "FILE"))
    var file: String

    @OptionGroup var language: LanguageOption

    func run() throws {
        let lang = language.language, vi = lang == .vi
        let result: (TrustList, SignedListInfo)
        let check: SignatureCheck
        do {
            let roots = try ListFiles.roots(at: self.roots, language: lang)
            let bytes = try FileBytes.contents(of: file, limit: ListFiles.maximumTrustList, language: lang)
            (result, check) = try SignatureCheck.run(roots) { (r) throws(SignedListError) in try TrustList.signed(bytes, roots: r) }
        } catch {
            Console.error("bhyt trust show: \(file): " + ErrorText.error(error, lang))
            throw ExitCode(2)
        }
        let (list, info) = result
        let issuers = Array(Set(list.keys.map(\.issuer))).sorted()
        if json {
            var w = JSONWriter()
            w.beginObject()
            showHeader(&w, info, check, file: file)
            w.key("issuers")
            w.beginArray()
            for i in issuers { w.string(i) }
            w.endArray()
            w.key("keys")
            w.beginArray()
            for k in list.keys { w.value(k.jwk) }
            w.endArray()
            w.key("problems")
            w.beginArray()
            for p in list.problems { w.string(p) }
            w.endArray()
            w.endObject()
            Console.out(String(decoding: w.bytes, as: UTF8.self))
        } else {
            var lines = showHeaderText(info, check, file: file, lang)
            let none = vi ? "(không có)" : "(none)"
            lines.append((vi ? "  nơi cấp:   " : "  issuers:   ") + (issuers.isEmpty ? none : issuers.joined(separator: ", ")))
            lines.append((vi ? "  số khóa:   " : "  keys:      ") + "\(list.keys.count)")
            for k in list.keys { lines.append("    \(k.kidText)  \(k.publicKey.algorithm.name)  \(k.issuer)  \(ErrorText.window(k, lang))") }
            for p in list.problems { lines.append("  " + TrustList.leftOutMessage(p, lang)) }
            Console.out(lines.joined(separator: "\n"))
        }
        if case .failed = check { throw ExitCode(1) }
    }
}
