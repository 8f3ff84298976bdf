// bhyt-bench: in-process measurements for `make bench` (scripts/bench.py drives it and
// compares with the peers). Prints one JSON object a line; writes the corpus it used.
import BHYTCard
import BHYTCOSE
import BHYTJSON
import BHYTQR
import BHYTImage
import BHYTVerifier
import Dispatch
#if canImport(Glibc)
import Glibc
import BHYTCBOR
#endif

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Runs `body` over the whole corpus repeatedly for at least `minimum` seconds; items per second.
func rate(_ count: Int, minimum: Double = 1.5, _ body: () -> Void) -> Double {
    body()  // warm-up
    var rounds = 0
    let start = now()
    repeat {
        body()
        rounds += 1
    } while now() - start < minimum
    return Double(count * rounds) / (now() - start)
}

/// Rates of several loops measured in turns (each `rounds` times, about 0.3 s a turn), the best
/// turn of each: on a shared machine whose speed drifts, a ratio of rates measured minutes apart
/// says more about the neighbours than about the code.
func interleaved(_ count: Int, rounds: Int = 5, _ bodies: [() -> Void]) -> [Double] {
    var best = [Double](repeating: 0, count: bodies.count)
    for _ in 0..<rounds {
        for (i, body) in bodies.enumerated() { best[i] = max(best[i], rate(count, minimum: 0.3, body)) }
    }
    return best
}

/// The same, split over `threads` threads (each takes every threads-th item).
func parallelRate(_ count: Int, threads: Int, minimum: Double = 1.5, _ item: @escaping @Sendable (Int) -> Void) -> Double {
    rate(count, minimum: minimum) {
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            var i = t
            while i < count { item(i); i += threads }
        }
    }
}

func emit(_ name: String, _ members: KeyValuePairs<String, JSONValue>) {
    var m = [JSONMember("bench", .string(name))]
    for (k, v) in members { m.append(JSONMember(k, v)) }
    print(JSONValue.object(m).serialized)
    fflush(nil)
}

func write(_ text: String, to path: String) {
    guard let f = fopen(path, "w") else { print("cannot write \(path)"); exit(2) }
    fputs(text, f)
    fclose(f)
}

// --- `bhyt-bench profile verify|sign ALG N`: one tight loop, for callgrind.
let args = CommandLine.arguments
if args.count == 5, args[1] == "profile" {
    var g = SyntheticCards(seed: 1)
    let n = Int(args[4]) ?? 200
    let alg: SigningKey.Algorithm = args[3] == "EdDSA" ? .eddsa : .es256
    guard let key = try? SigningKey(algorithm: alg, rawRepresentation: [UInt8](repeating: 0x41, count: 32)) else { exit(2) }
    let cards = (0..<n).map { _ in g.card() }
    if args[2] == "sign" {
        for c in cards { _ = try? SignedCardCodec.issue(c, issuer: "VN-79", issuedAt: 1_735_693_200, key: key) }
    } else {
        let texts = cards.compactMap { try? SignedCardCodec.issue($0, issuer: "VN-79", issuedAt: 1_735_693_200, key: key) }
        let v = Verifier(settings: VerificationSettings(trust: TrustList().adding(TrustedKey(publicKey: key.publicKey, issuer: "VN-79")), time: 1_735_693_200))
        for _ in 0..<3 { for t in texts { _ = v.verify(t) } }
    }
    exit(0)
}

// --- arguments: COUNT SEED OUTDIR
let count = args.count > 1 ? Int(args[1]) ?? 2000 : 2000
let seed = args.count > 2 ? UInt64(args[2]) ?? 7 : 7
let outDir = args.count > 3 ? args[3] : "/tmp/bhyt-bench"
mkdir(outDir, 0o755)
mkdir(outDir + "/png", 0o755)

var generator = SyntheticCards(seed: seed)
let iat: Int64 = 1_735_693_200
/// Cards as a clinic mostly sees them: valid at the verification time. Each synthetic
/// card's validity is moved (same length) to start on 1 January 2025.
let cards: [Card] = (0..<count).map { _ in
    var card = generator.card()
    guard let start = CardDate(year: 2025, month: 1, day: 1) else { return card }
    let length = card.validTo.map { $0.daysSinceEpoch - card.validFrom.daysSinceEpoch }
    let shift = start.daysSinceEpoch - card.validFrom.daysSinceEpoch
    card.validFrom = start
    card.validTo = length.flatMap { CardDate(daysSinceEpoch: start.daysSinceEpoch + $0) }
    card.issueDate = card.issueDate.flatMap { CardDate(daysSinceEpoch: $0.daysSinceEpoch + shift) }
    if card.birthDate > start { card.birthDate = CardDate(year: 1990) ?? card.birthDate }
    return card
}
guard let es = try? SigningKey(algorithm: .es256, rawRepresentation: [UInt8](repeating: 0x41, count: 32)),
      let ed = try? SigningKey(algorithm: .eddsa, rawRepresentation: [UInt8](repeating: 0x42, count: 32)) else { exit(2) }
let keys: [(String, SigningKey)] = [("ES256", es), ("EdDSA", ed)]

// The cards as JSON lines, for `bhyt issue`.
write(cards.map { $0.json.serialized }.joined(separator: "\n") + "\n", to: outDir + "/cards.jsonl")

// Legacy read.
let legacy = cards.map { LegacyCodec.write($0) }
write(legacy.joined(separator: "\n") + "\n", to: outDir + "/legacy.txt")
let legacyRate = rate(count) { for t in legacy { _ = try? LegacyCodec.read(t) } }
emit("legacy_read", ["cards_per_s": .double(legacyRate)])

// Input-method repair: 10,000 other cards typed with each input method on (Unikey's rules as
// InputMethod models them), read back: repaired exactly, repaired without the check string
// (more than one check string types to what was read), refused, or wrong (must stay 0).
var imeCards = SyntheticCards(seed: seed &+ 1)
let imeSample = (0..<10_000).map { _ in imeCards.card() }
for method in InputMethod.allCases {
    var exact = 0, lost = 0, refused = 0, wrong = 0, unchanged = 0
    for card in imeSample {
        let text = LegacyCodec.write(card)
        let mangled = method.type(text)
        if mangled == text { unchanged += 1; continue }
        guard let read = try? LegacyCodec.read(mangled) else { refused += 1; continue }
        var expected = card
        if read.checkStringLost { expected.checkString = nil }
        if read.card != expected || (read.checkStringLost && card.checkString == nil) {
            wrong += 1
        } else if read.checkStringLost {
            lost += 1
        } else {
            exact += 1
        }
    }
    emit("ime_repair", ["method": .string(method.rawValue), "cards": .int(Int64(imeSample.count)), "unchanged": .int(Int64(unchanged)),
                        "exact": .int(Int64(exact)), "without_check_string": .int(Int64(lost)),
                        "refused": .int(Int64(refused)), "wrong": .int(Int64(wrong))])
}

// Sign + encode, against a bare swift-crypto sign loop over the same Sig_structure bytes.
var signed: [String: [String]] = [:]
for (name, key) in keys {
    let texts = cards.compactMap { try? SignedCardCodec.issue($0, issuer: "VN-79", issuedAt: iat, key: key) }
    signed[name] = texts
    write(texts.joined(separator: "\n") + "\n", to: outDir + "/signed-\(name).txt")
    let toSign = cards.compactMap { card -> [UInt8]? in
        let payload = SignedCardCodec.claims(for: card, issuer: "VN-79", issuedAt: iat).cbor.encoded
        return (try? COSESign1.sign(payload: payload, with: key))?.signedBytes
    }
    let r = interleaved(count, [
        { for c in cards { _ = try? SignedCardCodec.issue(c, issuer: "VN-79", issuedAt: iat, key: key) } },
        { for m in toSign { _ = try? key.signature(for: m) } },
    ])
    let (ours, bare) = (r[0], r[1])
    let bareTwo = (0..<3).map { _ in parallelRate(toSign.count, threads: 2, minimum: 0.5) { i in _ = try? key.signature(for: toSign[i]) } }.max() ?? 0
    emit("sign", ["alg": .string(name), "ours_per_s": .double(ours), "bare_per_s": .double(bare), "bare_2t_per_s": .double(bareTwo)])
    // For the command-level run (`bhyt issue`): the key, and the cards as JSON lines.
    write(key.pkcs8PEM, to: outDir + "/\(name).key.pem")
}

// Verify end to end (1 and 2 threads), against a bare verify loop over the same signatures.
let trust = TrustList().adding(TrustedKey(publicKey: es.publicKey, issuer: "VN-79")).adding(TrustedKey(publicKey: ed.publicKey, issuer: "VN-79"))
write(trust.jsonText, to: outDir + "/trust.json")
let verifier = Verifier(settings: VerificationSettings(trust: trust, time: iat))
for (name, key) in keys {
    let texts = signed[name] ?? []
    let messages = texts.compactMap { try? SignedCardCodec.decode($0).cose }
    let signedBytes = messages.map(\.signedBytes)
    let signatures = messages.map(\.signature)
    let publicKey = key.publicKey
    var failures = 0
    for t in texts where verifier.verify(t).status == .invalid { failures += 1 }
    let r = interleaved(texts.count, [
        { for t in texts { _ = verifier.verify(t) } },
        { for i in signedBytes.indices { _ = publicKey.isValidSignature(signatures[i], for: signedBytes[i]) } },
    ])
    let (one, bare) = (r[0], r[1])
    let two = (0..<3).map { _ in parallelRate(texts.count, threads: 2, minimum: 0.5) { i in _ = verifier.verify(texts[i]) } }.max() ?? 0
    let bareTwo = (0..<3).map { _ in parallelRate(texts.count, threads: 2, minimum: 0.5) { i in _ = publicKey.isValidSignature(signatures[i], for: signedBytes[i]) } }.max() ?? 0
    emit("verify", ["alg": .string(name), "ours_1t_per_s": .double(one), "ours_2t_per_s": .double(two),
                    "bare_1t_per_s": .double(bare), "bare_2t_per_s": .double(bareTwo), "invalid": .int(Int64(failures))])
}

// Render QR to PNG (signed ES256 texts), writing the files for the peers.
let renderTexts = signed["ES256"] ?? []
var pngs: [[UInt8]] = []
var bytes = 0
for (i, t) in renderTexts.enumerated() {
    guard let m = try? QREncoder.encode(cardText: t), let png = try? PNGWriter.png(m) else { continue }
    pngs.append(png)
    bytes += png.count
    if let f = fopen(outDir + "/png/\(i).png", "wb") { _ = png.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }; fclose(f) }
}
let renderRate = rate(renderTexts.count) {
    for t in renderTexts { if let m = try? QREncoder.encode(cardText: t) { _ = try? PNGWriter.png(m) } }
}
emit("render", ["cards_per_s": .double(renderRate), "bytes_per_png": .double(Double(bytes) / Double(max(1, pngs.count)))])

// Read QR from PNG (zbar).
var readFailures = 0
for (i, p) in pngs.enumerated() where (try? QRImageReader.readSingle(p)) != renderTexts[i] { readFailures += 1 }
let readRate = rate(pngs.count) { for p in pngs { _ = try? QRImageReader.readSingle(p) } }
emit("read", ["images_per_s": .double(readRate), "failures": .int(Int64(readFailures))])
