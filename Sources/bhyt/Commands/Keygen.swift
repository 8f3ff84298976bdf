import ArgumentParser
import BHYTCard
import BHYTCOSE

struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make an issuer key pair for signing cards.",
        discussion: """
            Writes PREFIX.key.pem (PKCS#8, mode 0600: keep it secret, it is never printed) and \
            PREFIX.pub.pem (SubjectPublicKeyInfo: give it to clinics via the trust list), and prints the kid. \
            Both must be new files: nothing that exists at either path (a file, a link, a pipe) is written.
            Keys from `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256` or \
            `openssl genpkey -algorithm ed25519` work as well.
            """)

    @Option(help: ArgumentHelp("Signature algorithm: ES256 or EdDSA.", valueName: "ES256|EdDSA"))
    var alg: AlgorithmArgument = .init(.es256)

    @Option(help: ArgumentHelp("Path prefix for the two files.", valueName: "PREFIX"))
    var out: String

    @OptionGroup var language: LanguageOption

    func run() throws {
        let lang = language.language, vi = lang == .vi
        let keyPath = out + ".key.pem", pubPath = out + ".pub.pem"
        for path in [keyPath, pubPath] where Files.exists(path) {
            Console.error(vi ? "bhyt keygen: \(path) đã có; không ghi đè (chọn --out khác)" : "bhyt keygen: \(path) exists; not overwriting it (choose another --out)")
            throw ExitCode(2)
        }
        let key = SigningKey.generate(alg.algorithm)
        do {
            try Files.createNew(Array(key.pkcs8PEM.utf8), at: keyPath, mode: 0o600)
            do {
                try Files.createNew(Array(key.publicKey.pem.utf8), at: pubPath, mode: 0o644)
            } catch {
                unlink(keyPath)  // no private key without its public half
                throw error
            }
        } catch {
            Console.error("bhyt keygen: " + ErrorText.error(error, lang))
            throw ExitCode(2)
        }
        Console.out(key.publicKey.kidText)
        Console.error(vi ? "đã ghi \(keyPath) (khóa bí mật, quyền 0600) và \(pubPath) (\(alg.algorithm.rawValue))"
                         : "wrote \(keyPath) (private, mode 0600) and \(pubPath) (\(alg.algorithm.rawValue))")
    }
}

struct AlgorithmArgument: ExpressibleByArgument, CustomStringConvertible {
    let algorithm: SigningKey.Algorithm
    init(_ a: SigningKey.Algorithm) { algorithm = a }
    init?(argument: String) {
        switch argument.lowercased() {
        case "es256": algorithm = .es256
        case "eddsa", "ed25519": algorithm = .eddsa
        default: return nil
        }
    }
    var description: String { algorithm.rawValue }
    var defaultValueDescription: String { algorithm.rawValue }
    static var allValueStrings: [String] { ["ES256", "EdDSA"] }
}

#if canImport(Glibc)
import Glibc
#endif
