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

    func validate() throws {
        if let nb = notBefore, let na = notAfter, na.seconds < nb.seconds {
            throw ValidationError("--not-after is before --not-before")
        }
    }

    func run() throws {
        do {
            let key = try PublicKey(pem: try Files.read(publicKey))
            guard key.algorithm == .es256 || key.algorithm == .eddsa else {
                throw Files.WriteError(description: "\(publicKey): a \(key.algorithm.name) key; signed cards use ES256 or EdDSA keys only")
            }
            var list = try loadTrustList(trust, creating: true)
            if let leaked = list.entriesWithPrivateKeys.first {
                throw Files.WriteError(description: "\(trust): key \(leaked + 1) carries a private key (it is leaked): remove that entry and rotate the key before changing the list")
            }
            let existing = list.keys.first { $0.publicKey == key && $0.issuer == iss.value }
            let entry = TrustedKey(publicKey: key, issuer: iss.value, notBefore: notBefore?.seconds ?? existing?.notBefore,
                                   expires: notAfter?.seconds ?? existing?.expires)
            if let nb = entry.notBefore, let na = entry.expires, na < nb {
                throw Files.WriteError(description: "the window would end (\(VietnamTime.format(na))) before it starts (\(VietnamTime.format(nb)))")
            }
            let outcome = list.add(entry)
            try Files.write(list.jsonText, to: trust, replace: true)
            Console.out(entry.kidText)
            let window = TrustList_.window(entry)
            switch outcome {
            case .added:
                Console.error("added \(key.algorithm.name) key \(entry.kidText) for \(iss.value) to \(trust)\(window.isEmpty ? "" : " (\(window))")")
            case .updated(let previous):
                let before = TrustList_.window(previous)
                Console.error("updated key \(entry.kidText) for \(iss.value) in \(trust): signing window \(before.isEmpty ? "unbounded" : before) → \(window.isEmpty ? "unbounded" : window)")
            }
        } catch {
            Console.error("bhyt trust add: \(error)")
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

    func run() throws {
        do {
            guard let kidBytes = Base64.decode(kid), kidBytes.count == 8 else {
                throw Files.WriteError(description: "\(kid) is not a kid (8 bytes in base64url, as `bhyt trust list` shows)")
            }
            var list = try loadTrustList(trust, creating: false)
            let removed = list.remove(kid: kidBytes, issuer: iss?.value)
            guard removed > 0 else {
                throw Files.WriteError(description: "no key \(kid)\(iss.map { " for \($0.value)" } ?? "") in \(trust)")
            }
            try Files.write(list.jsonText, to: trust, replace: true)
            Console.error("removed \(removed) entr\(removed == 1 ? "y" : "ies") of key \(kid) from \(trust)")
        } catch {
            Console.error("bhyt trust remove: \(error)")
            throw ExitCode(2)
        }
    }
}

struct TrustList_: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List a trust list's keys and any entries left out.")

    @Option(help: ArgumentHelp("The trust list file (JWK Set).", valueName: "FILE"))
    var trust: String

    static func window(_ k: TrustedKey) -> String {
        [k.notBefore.map { "from " + VietnamTime.format($0) }, k.expires.map { "until " + VietnamTime.format($0) }]
            .compactMap { $0 }.joined(separator: " ")
    }

    func run() throws {
        do {
            let list = try loadTrustList(trust, creating: false)
            for k in list.keys {
                Console.out("\(k.kidText)  \(k.publicKey.algorithm.name)  \(k.issuer)  \(TrustList_.window(k))")
            }
            for p in list.problems { Console.error("left out: \(p)") }
        } catch {
            Console.error("bhyt trust list: \(error)")
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

    func run() throws {
        do {
            let (key, validity) = try signing.prepare(.trust)
            let list = try TrustList(json: try Files.read(trustFile))
            if !list.problems.isEmpty {
                throw Files.WriteError(description: "\(trustFile): not signed, entries would be left out: " + list.problems.joined(separator: "; "))
            }
            let jws = try SignedList.sign(list.entriesJSON, kind: .trust, validity: validity, key: key)
            try signing.emit(jws, kind: .trust, what: "trust list (\(list.keys.count) key\(list.keys.count == 1 ? "" : "s"))", validity: validity, key: key)
        } catch let error as ExitCode {
            throw error
        } catch {
            Console.error("bhyt trust sign: \(error)")
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

    func run() throws {
        let result: (TrustList, SignedListInfo)
        let check: SignatureCheck
        do {
            let roots = try ListFiles.roots(at: self.roots)
            let bytes = try FileBytes.contents(of: file, limit: ListFiles.maximumTrustList)
            (result, check) = try SignatureCheck.run(roots) { (r) throws(SignedListError) in try TrustList.signed(bytes, roots: r) }
        } catch {
            Console.error("bhyt trust show: \(file): \(error)")
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
            var lines = showHeaderText(info, check, file: file)
            lines.append("  issuers:   \(issuers.isEmpty ? "(none)" : issuers.joined(separator: ", "))")
            lines.append("  keys:      \(list.keys.count)")
            for k in list.keys { lines.append("    \(k.kidText)  \(k.publicKey.algorithm.name)  \(k.issuer)  \(TrustList_.window(k))") }
            for p in list.problems { lines.append("  left out:  \(p)") }
            Console.out(lines.joined(separator: "\n"))
        }
        if case .failed = check { throw ExitCode(1) }
    }
}
