import ArgumentParser
import BHYTCard
import BHYTCOSE
import BHYTDesk
import BHYTJSON
import BHYTVerifier

/// The options `trust sign` and `revocation sign` share: the root key, the validity, the output.
struct ListSigningOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The agency's root private key (PEM, ES256 or EdDSA; `bhyt keygen`).", valueName: "ROOT.key.pem"))
    var key: String

    @Option(name: .customLong("valid-for"), help: ArgumentHelp("How long the list is current: exp = iat + DURATION (7d, 12h, 2w).", valueName: "DURATION"))
    var validFor: DurationArgument

    @Option(help: ArgumentHelp("The signing time iat (date or time); default now.", valueName: "TIME"))
    var at: TimeArgument?

    @Option(help: ArgumentHelp("The list's seq (must grow with every list; default: iat).", valueName: "N"))
    var sequence: Int64?

    @Option(help: ArgumentHelp("Write the signed list to FILE (replaced whole) instead of standard output.", valueName: "FILE"))
    var out: String?

    func validate() throws {
        if validFor.seconds <= 0 { throw ValidationError("--valid-for must be longer than 0") }
        if let sequence, sequence < 0 || sequence > ListValidity.maximumInteger { throw ValidationError("--sequence must be 0 to 2^53 − 1") }
    }

    /// The root key and the validity.
    func prepare() throws -> (SigningKey, ListValidity) {
        let key = try SigningKey(pem: try Files.read(self.key))
        let iat = at?.seconds ?? Clock.wallSeconds
        return (key, try ListValidity(issuedAt: iat, expires: iat + validFor.seconds, sequence: sequence ?? iat))
    }

    /// Writes the JWS (with a final newline) to --out or standard output, and says what was signed.
    func emit(_ jws: String, what: String, validity: ListValidity, key: SigningKey) throws {
        if let out { try Files.write(jws + "\n", to: out, replace: true) } else { Console.out(jws) }
        Console.error("signed \(what): iat \(VietnamTime.format(validity.issuedAt)), exp \(VietnamTime.format(validity.expires)), seq \(validity.sequence), root kid \(key.publicKey.kidText)\(out.map { " → \($0)" } ?? "")")
    }
}

/// `show`'s verdict on a list's signature.
enum SignatureCheck {
    case verified(PublicKey), unchecked, failed(JWSError)

    var word: String {
        switch self {
        case .verified: return "verified"
        case .unchecked: return "unchecked"
        case .failed: return "invalid"
        }
    }

    var text: String {
        switch self {
        case .verified(let k): return "verified with root key \(k.kidText)"
        case .unchecked: return "NOT CHECKED (give --root ROOT.pub.pem)"
        case .failed(let e): return "DOES NOT VERIFY: \(e)"
        }
    }

    /// Opens the list once unchecked (to show it) and once with the roots (to judge it).
    static func run<T>(_ roots: [PublicKey], _ open: ([PublicKey]) throws(JWSError) -> (T, SignedListInfo))
        throws(JWSError) -> ((T, SignedListInfo), SignatureCheck) {
        let content = try open([])
        guard !roots.isEmpty else { return (content, .unchecked) }
        do {
            let checked = try open(roots)
            guard let signer = checked.1.verifiedBy else { return (content, .unchecked) }
            return (checked, .verified(signer))
        } catch {
            return (content, .failed(error))
        }
    }
}

/// The lines and JSON members `show` prints for any signed list.
func showHeader(_ w: inout JSONWriter, _ info: SignedListInfo, _ check: SignatureCheck, file: String) {
    w.member("file", file)
    w.member("typ", info.kind.type)
    w.member("rootKid", info.rootKID)
    w.member("signature", check.word)
    if case .failed(let e) = check { w.member("signatureError", e.reason) } else { w.member("signatureError", nil as String?) }
    if case .verified(let k) = check { w.member("verifiedBy", k.kidText) } else { w.member("verifiedBy", nil as String?) }
    w.member("iat", info.validity.issuedAt)
    w.member("exp", info.validity.expires)
    w.member("seq", info.validity.sequence)
}

func showHeaderText(_ info: SignedListInfo, _ check: SignatureCheck, file: String) -> [String] {
    let v = info.validity
    return ["signed \(info.kind.rawValue) list: \(file)",
            "  signature: \(check.text)",
            "  root kid:  \(info.rootKID)",
            "  issued:    \(VietnamTime.format(v.issuedAt)) (iat \(v.issuedAt))",
            "  expires:   \(VietnamTime.format(v.expires)) (exp \(v.expires))",
            "  seq:       \(v.sequence)"]
}
