import ArgumentParser
import BHYTCard
import BHYTCOSE
import BHYTDesk
import BHYTJSON
import BHYTVerifier

struct Revocation: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign a revocation list with the agency's root key, or show a signed one.",
        subcommands: [RevocationSign.self, RevocationShow.self])
}

struct RevocationSign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a revocation list with the root key: a JWS (typ bhyt-revocation+jwt) for clinics that pin the root (--root).",
        discussion: """
            REVOKED.txt is the text form: one entry a line (a 10-digit social-insurance number or a \
            15-character card code, optionally a date), # comments. A list with a bad line is refused. \
            The payload is {"iat","exp","seq","revoked":[entries]} (docs/FORMAT.md); exp = iat + --valid-for.
            """)

    @OptionGroup var signing: ListSigningOptions

    @Argument(help: ArgumentHelp("The revocation list (text form).", valueName: "REVOKED.txt"))
    var revokedFile: String

    @OptionGroup var language: LanguageOption

    func validate() throws { try signing.check(language.language) }

    func run() throws {
        let lang = language.language
        do {
            let (key, validity) = try signing.prepare(.revocation, lang)
            let bytes = try FileBytes.contents(of: revokedFile, limit: ListFiles.maximumRevocationList, language: lang)
            let jws = try RevocationList.sign(text: bytes, validity: validity, key: key)
            try signing.emit(jws, kind: .revocation, what: lang == .vi ? "danh sách thu hồi" : "revocation list", validity: validity, key: key, lang)
        } catch let error as ExitCode {
            throw error
        } catch {
            Console.error("bhyt revocation sign: \(revokedFile): " + ErrorText.error(error, lang))
            throw ExitCode(2)
        }
    }
}

struct RevocationShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a signed revocation list: iat, exp, seq, entry count, and whether the signature verifies with --root.",
        discussion: "Exit status: 0 shown (verified, or not checked without --root); 1 the signature does not verify; 2 not a signed revocation list, or unreadable.")

    @Option(name: .customLong("root"), help: ArgumentHelp("A root public key to check the signature with (repeatable).", valueName: "ROOT.pub.pem"))
    var roots: [String] = []

    @Flag(help: "One JSON object.")
    var json = false

    @Argument(help: ArgumentHelp("The signed revocation list (JWS).", valueName: "FILE"))
    var file: String

    @OptionGroup var language: LanguageOption

    func run() throws {
        let lang = language.language
        let result: (RevocationList, SignedListInfo)
        let check: SignatureCheck
        do {
            let roots = try ListFiles.roots(at: self.roots, language: lang)
            let bytes = try FileBytes.contents(of: file, limit: RevocationList.maximumSignedLength, language: lang)
            (result, check) = try SignatureCheck.run(roots) { (r) throws(SignedListError) in try RevocationList.signed(bytes, roots: r) }
        } catch {
            Console.error("bhyt revocation show: \(file): " + ErrorText.error(error, lang))
            throw ExitCode(2)
        }
        let (list, info) = result
        if json {
            var w = JSONWriter()
            w.beginObject()
            showHeader(&w, info, check, file: file)
            w.member("entries", Int64(list.count))
            w.endObject()
            Console.out(String(decoding: w.bytes, as: UTF8.self))
        } else {
            Console.out((showHeaderText(info, check, file: file, lang) + [(lang == .vi ? "  số mục:    " : "  entries:   ") + "\(list.count)"]).joined(separator: "\n"))
        }
        if case .failed = check { throw ExitCode(1) }
    }
}
