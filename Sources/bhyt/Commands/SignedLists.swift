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

    @Option(help: ArgumentHelp("The list's seq (must grow with every list; default: iat, or one more than the last this key signed, as KEY.seq records).", valueName: "N"))
    var sequence: Int64?

    @Option(help: ArgumentHelp("Write the signed list to FILE (replaced whole) instead of standard output.", valueName: "FILE"))
    var out: String?

    /// The options' own rules, in the command's language (its `validate()` calls this: an option
    /// group does not see the command's `--lang`).
    func check(_ lang: Language) throws {
        let vi = lang == .vi
        if validFor.seconds <= 0 { throw ValidationError(vi ? "--valid-for phải lớn hơn 0" : "--valid-for must be longer than 0") }
        if let sequence, sequence < 0 || sequence > ListValidity.maximumInteger {
            throw ValidationError(vi ? "--sequence phải từ 0 đến 2^53 − 1" : "--sequence must be 0 to 2^53 − 1")
        }
    }

    /// The root key and the validity. The seq never repeats for this key and kind of list:
    /// by default it is `iat`, or one more than the last seq the key signed (``SequenceLedger``)
    /// when that is higher — two lists signed in one second, or with one `--at`, differ in seq.
    /// A `--sequence` given is used as given (re-signing, tests), with a warning when this key
    /// signed that seq or a higher one already: clinics that loaded it refuse the new list.
    func prepare(_ kind: SignedListKind, _ lang: Language) throws -> (SigningKey, ListValidity) {
        let key = try SigningKey(pem: try Files.read(self.key))
        let iat = at?.seconds ?? Clock.wallSeconds
        let ledger = SequenceLedger(keyPath: self.key)
        let last = try ledger.last(kind)
        if let sequence, let last, sequence <= last {
            let what = lang == .vi ? (kind == .trust ? "danh sách tin cậy" : "danh sách thu hồi") : "\(kind.rawValue) list"
            Console.error(lang == .vi
                ? "cảnh báo: --sequence \(sequence): khóa này đã ký \(what) có seq \(last) (\(ledger.path)); cơ sở KCB đã nạp danh sách đó sẽ từ chối danh sách này (mỗi seq chỉ dùng cho một danh sách)"
                : "warning: --sequence \(sequence): this key already signed a \(what) with seq \(last) (\(ledger.path)); a clinic that loaded it refuses this list (a seq names one list only)")
        }
        let seq = sequence ?? max(iat, (last ?? -1) + 1)
        return (key, try ListValidity(issuedAt: iat, expires: iat + validFor.seconds, sequence: seq))
    }

    /// Records the seq (before anything is written: a list is never out without its seq kept),
    /// writes the JWS (with a final newline) to --out or standard output, and says what was signed.
    func emit(_ jws: String, kind: SignedListKind, what: String, validity: ListValidity, key: SigningKey, _ lang: Language) throws {
        try SequenceLedger(keyPath: self.key).record(validity.sequence, kind)
        if let out { try Files.write(jws + "\n", to: out, replace: true) } else { Console.out(jws) }
        let times = "iat \(VietnamTime.format(validity.issuedAt)), exp \(VietnamTime.format(validity.expires)), seq \(validity.sequence)"
        Console.error((lang == .vi ? "đã ký \(what): \(times), mã khóa gốc \(key.publicKey.kidText)" : "signed \(what): \(times), root kid \(key.publicKey.kidText)")
                      + (out.map { " → \($0)" } ?? ""))
    }
}

/// The last seq a root key signed, per kind of list, in a small file beside the key
/// (`ROOT.key.pem.seq`, lines `trust N` and `revocation N`), so that no two lists a key signs
/// share a seq (a clinic refuses the second: ``ListHolder``).
struct SequenceLedger {
    let path: String

    init(keyPath: String) { path = keyPath + ".seq" }

    private func read() throws -> [String: Int64] {
        guard Files.exists(path) else { return [:] }
        var out: [String: Int64] = [:]
        for line in try Files.read(path).split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let n = Int64(parts[1]) else {
                throw Files.WriteError(en: "\(path) is not a seq record (lines 'trust N', 'revocation N'); fix or remove it",
                                       vi: "\(path) không phải bản ghi seq (các dòng 'trust N', 'revocation N'); sửa hoặc xóa tệp đó")
            }
            out[String(parts[0])] = n
        }
        return out
    }

    func last(_ kind: SignedListKind) throws -> Int64? { try read()[kind.rawValue] }

    func record(_ seq: Int64, _ kind: SignedListKind) throws {
        var all = try read()
        all[kind.rawValue] = max(seq, all[kind.rawValue] ?? seq)
        let text = all.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)\n" }.joined()
        do {
            try Files.write(text, to: path, mode: 0o600, replace: true)
        } catch {
            throw Files.WriteError(en: "cannot record the seq in \(path) (\(error.en)): nothing signed; give the key's folder write access",
                                   vi: "không ghi được seq vào \(path) (\(error.vi)): chưa ký gì; hãy cho phép ghi vào thư mục chứa khóa")
        }
    }
}

/// `show`'s verdict on a list's signature.
enum SignatureCheck {
    case verified(PublicKey), unchecked, failed(SignedListError)

    var word: String {
        switch self {
        case .verified: return "verified"
        case .unchecked: return "unchecked"
        case .failed: return "invalid"
        }
    }

    func text(_ lang: Language) -> String {
        let vi = lang == .vi
        switch self {
        case .verified(let k): return vi ? "hợp lệ với khóa gốc \(k.kidText)" : "verified with root key \(k.kidText)"
        case .unchecked: return vi ? "CHƯA KIỂM TRA (cho --root ROOT.pub.pem)" : "NOT CHECKED (give --root ROOT.pub.pem)"
        case .failed(let e): return (vi ? "KHÔNG HỢP LỆ: " : "DOES NOT VERIFY: ") + "\(e.message(lang)) [\(e.reason)]"
        }
    }

    /// Opens the list once unchecked (to show it) and once with the roots (to judge it).
    static func run<T>(_ roots: [PublicKey], _ open: ([PublicKey]) throws(SignedListError) -> (T, SignedListInfo))
        throws(SignedListError) -> ((T, SignedListInfo), SignatureCheck) {
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

func showHeaderText(_ info: SignedListInfo, _ check: SignatureCheck, file: String, _ lang: Language) -> [String] {
    let v = info.validity
    guard lang == .vi else {
        return ["signed \(info.kind.rawValue) list: \(file)",
                "  signature: \(check.text(lang))",
                "  root kid:  \(info.rootKID)",
                "  issued:    \(VietnamTime.format(v.issuedAt)) (iat \(v.issuedAt))",
                "  expires:   \(VietnamTime.format(v.expires)) (exp \(v.expires))",
                "  seq:       \(v.sequence)"]
    }
    return ["\(info.kind == .trust ? "danh sách tin cậy" : "danh sách thu hồi") đã ký: \(file)",
            "  chữ ký:    \(check.text(lang))",
            "  khóa gốc:  \(info.rootKID)",
            "  ngày ký:   \(VietnamTime.format(v.issuedAt)) (iat \(v.issuedAt))",
            "  hết hạn:   \(VietnamTime.format(v.expires)) (exp \(v.expires))",
            "  seq:       \(v.sequence)"]
}
