import ArgumentParser
import BHYTCOSE

struct Trust: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the trust list (a JWK Set of issuer public keys).",
        subcommands: [TrustAdd.self, TrustList_.self])
}

struct TrustAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add an issuer's public key to a trust list (the file is created if missing).",
        discussion: "The key may sign only for ISSUER, and (with --not-before/--not-after) only cards signed in that window.")

    @Option(help: ArgumentHelp("The trust list file (JWK Set).", valueName: "FILE"))
    var trust: String

    @Option(help: ArgumentHelp("The issuer the key signs for, e.g. VN-56.", valueName: "ISSUER"))
    var iss: String

    @Option(name: .customLong("not-before"), help: ArgumentHelp("Earliest signing time accepted (date or time).", valueName: "TIME"))
    var notBefore: TimeArgument?

    @Option(name: .customLong("not-after"), help: ArgumentHelp("Latest signing time accepted (date or time).", valueName: "TIME"))
    var notAfter: TimeArgument?

    @Argument(help: ArgumentHelp("The public key (PEM, SubjectPublicKeyInfo).", valueName: "PUB.pem"))
    var publicKey: String

    func validate() throws {
        guard !iss.isEmpty else { throw ValidationError("--iss must not be empty") }
        if let nb = notBefore, let na = notAfter, na.seconds < nb.seconds {
            throw ValidationError("--not-after is before --not-before")
        }
    }

    func run() throws {
        do {
            let key = try PublicKey(pem: try Files.read(publicKey))
            var list = TrustList()
            if Files.exists(trust) { list = try TrustList(json: try Files.read(trust)) }
            let entry = TrustedKey(publicKey: key, issuer: iss, notBefore: notBefore?.seconds, expires: notAfter?.seconds)
            try Files.write(list.adding(entry).jsonText, to: trust, replace: true)
            Console.out(entry.kidText)
            Console.error("added \(key.algorithm.name) key \(entry.kidText) for \(iss) to \(trust)")
        } catch {
            Console.error("bhyt trust add: \(error)")
            throw ExitCode(2)
        }
    }
}

struct TrustList_: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List a trust list's keys and any entries left out.")

    @Option(help: ArgumentHelp("The trust list file (JWK Set).", valueName: "FILE"))
    var trust: String

    func run() throws {
        do {
            let list = try TrustList(json: try Files.read(trust))
            for k in list.keys {
                let window = [k.notBefore.map { "from " + VietnamTime.format($0) }, k.expires.map { "until " + VietnamTime.format($0) }]
                    .compactMap { $0 }.joined(separator: " ")
                Console.out("\(k.kidText)  \(k.publicKey.algorithm.name)  \(k.issuer)  \(window)")
            }
            for p in list.problems { Console.error("left out: \(p)") }
        } catch {
            Console.error("bhyt trust list: \(error)")
            throw ExitCode(2)
        }
    }
}

import BHYTCard
