import ArgumentParser
import BHYTCOSE

struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make an issuer key pair for signing cards.",
        discussion: """
            Writes PREFIX.key.pem (PKCS#8, mode 0600: keep it secret, it is never printed) and \
            PREFIX.pub.pem (SubjectPublicKeyInfo: give it to clinics via the trust list), and prints the kid.
            Keys from `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256` or \
            `openssl genpkey -algorithm ed25519` work as well.
            """)

    @Option(help: ArgumentHelp("Signature algorithm.", valueName: "ES256|EdDSA"))
    var alg: AlgorithmArgument = .init(.es256)

    @Option(help: ArgumentHelp("Path prefix for the two files.", valueName: "PREFIX"))
    var out: String

    func run() throws {
        let key = SigningKey.generate(alg.algorithm)
        do {
            try Files.write(key.pkcs8PEM, to: out + ".key.pem", mode: 0o600)
            try Files.write(key.publicKey.pem, to: out + ".pub.pem")
        } catch {
            Console.error("bhyt keygen: \(error)")
            throw ExitCode(2)
        }
        Console.out(Base64.encode(key.publicKey.kid, url: true, padded: false))
        Console.error("wrote \(out).key.pem (private, mode 0600) and \(out).pub.pem (\(alg.algorithm.name))")
    }
}

struct AlgorithmArgument: ExpressibleByArgument {
    let algorithm: COSEAlgorithm
    init(_ a: COSEAlgorithm) { algorithm = a }
    init?(argument: String) {
        switch argument.lowercased() {
        case "es256": algorithm = .es256
        case "eddsa", "ed25519": algorithm = .eddsa
        default: return nil
        }
    }
    static var allValueStrings: [String] { ["ES256", "EdDSA"] }
}
