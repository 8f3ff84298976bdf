import ArgumentParser
import BHYTCard
import BHYTCOSE

struct Issue: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign cards: card JSON in, one BHXH1: text a line out.",
        discussion: """
            CARD is a card in its JSON form (docs/FORMAT.md), or - for JSON lines on stdin \
            (one card a line). Cards with validation errors are refused (warnings are shown). \
            --at fixes the signing time (iat); the default is now.
            Exit status: 0 all signed; 1 some card refused; 2 usage or I/O error.
            """)

    @Option(help: ArgumentHelp("The issuer's private key (PKCS#8 PEM).", valueName: "KEY.pem"))
    var key: String

    @Option(help: ArgumentHelp("The issuer, e.g. VN-56.", valueName: "ISSUER"))
    var iss: String

    @Option(help: ArgumentHelp("Signing time: date, time, or epoch seconds (default: now).", valueName: "TIME"))
    var at: TimeArgument?

    @Argument(help: ArgumentHelp("Card JSON files, or - for JSON lines on stdin.", valueName: "CARD"))
    var cards: [String] = []

    func validate() throws {
        guard !iss.isEmpty else { throw ValidationError("--iss must not be empty") }
    }

    func run() throws {
        let signingKey: SigningKey
        do {
            signingKey = try SigningKey(pem: try Files.read(key))
        } catch {
            Console.error("bhyt issue: \(key): \(error)")
            throw ExitCode(2)
        }
        let iat = at?.seconds ?? Clock.wallSeconds
        var refused = 0
        var progress = Progress("issue")
        for item in Inputs(arguments: cards) {
            let text: String
            switch item.content {
            case .text(let t), .cardJSON(let t): text = t
            case .image, .unreadable:
                Console.error("\(item.origin): not a card JSON")
                refused += 1
                continue
            }
            do {
                let card = try Card(jsonText: text)
                let issues = card.validate()
                for w in issues where w.severity == .warning { Console.error("\(item.origin): warning \(w)") }
                let errors = issues.filter { $0.severity == .error }
                guard errors.isEmpty else {
                    Console.error("\(item.origin): refused: " + errors.map(\.description).joined(separator: "; "))
                    refused += 1
                    continue
                }
                Console.out(try SignedCardCodec.issue(card, issuer: iss, issuedAt: iat, key: signingKey))
            } catch let e as CardError {
                Console.error("\(item.origin): not a card: \(e.message(.en))")
                refused += 1
            } catch {
                Console.error("\(item.origin): \(error)")
                refused += 1
            }
            progress.tick()
        }
        progress.finish()
        if refused > 0 { throw ExitCode(1) }
    }
}
