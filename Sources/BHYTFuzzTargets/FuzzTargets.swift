import BHYTCard
import BHYTCBOR
import BHYTCOSE
import BHYTEncoding
import BHYTImage
import BHYTVerifier

/// What each fuzz target feeds its input to, with the invariants that must hold for any
/// input. A broken invariant traps (the fuzzer reports it as a crash); every crash found
/// becomes a file in fuzz/regressions/TARGET/, which the test suite runs every time.
public enum FuzzTarget: String, CaseIterable, Sendable {
    case legacy, base10, cbor, cose, trustList, revocationList, png

    /// Runs one input. Returns normally unless an invariant breaks.
    public func run(_ bytes: [UInt8]) {
        switch self {
        case .legacy:
            let text = String(decoding: bytes, as: UTF8.self)
            if let read = try? LegacyCodec.read(text) {
                // What reads must write back, and read again to the same card.
                let again = try? LegacyCodec.read(read.text)
                precondition(again?.card == read.card, "legacy write/read round trip broke")
            }
            let verdict = FuzzTarget.verifier.verify(text)
            precondition(verdict.status != .valid, "legacy text judged valid")
        case .base10:
            let text = String(decoding: bytes, as: UTF8.self)
            if let decoded = try? Base10.decode(text) {
                precondition(Base10.encode(decoded) == text, "Base10 decode/encode is not one to one")
            }
        case .cbor:
            for decoder in [CBORDecoder(), CBORDecoder(deterministic: false)] {
                if let item = try? decoder.decode(bytes) {
                    let again = item.encoded
                    // Deterministic input re-encodes to itself.
                    if decoder.deterministic { precondition(again == bytes, "deterministic CBOR did not re-encode identically") }
                    precondition((try? CBORDecoder(maximumItems: 100_000, deterministic: false).decode(again)) != nil, "re-encoding does not decode")
                }
            }
        case .cose:
            // As digits after the prefix (what a scanner delivers), and as raw COSE bytes; and every
            // header label and claim type, whatever the fuzzer makes, decodes or is refused by code.
            let asText = String(decoding: bytes, as: UTF8.self)
            for text in [asText, "BHXH1:" + Base10.encode(bytes)] {
                let verdict = FuzzTarget.verifier.verify(text)
                precondition(verdict.status != .valid, "fuzz input judged valid")
            }
        case .trustList:
            if let list = try? TrustList(json: String(decoding: bytes, as: UTF8.self)) {
                for key in list.keys { precondition(key.kid.count == 8, "a trusted key without an 8-byte kid") }
                _ = try? TrustList(json: list.jsonText)
            }
            // As a signed list: read unchecked, and never accepted by a root nobody holds the key of.
            _ = try? TrustList.signed(bytes, roots: [])
            precondition((try? TrustList.signed(bytes, roots: [FuzzTarget.root])) == nil, "a signed trust list verified with a root nobody holds")
        case .revocationList:
            let whole = try? RevocationList(bytes: bytes)
            if let list = whole {
                _ = list.isRevoked(socialInsuranceNumber: "0123456789", issuedAt: 0)
                _ = list.isRevoked(code: CardCode("GD4797924800001")!, issuedAt: 0)
            }
            // Read in two chunks split anywhere: the same list (or the same refusal).
            var builder = RevocationList.Builder()
            let split = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
            let chunked = try? bytes.withUnsafeBufferPointer { (b) throws(RevocationList.LoadError) -> RevocationList in
                try builder.feed(UnsafeBufferPointer(rebasing: b[0..<split]))
                try builder.feed(UnsafeBufferPointer(rebasing: b[split...]))
                return try builder.finish()
            }
            precondition(chunked?.count == whole?.count, "a revocation list read in chunks differs from the list read whole")
            // As a signed list's payload (the scanner, without the JWS around it), and as a signed list.
            _ = try? RevocationPayloadScanner.read(bytes)
            precondition((try? RevocationList.signed(bytes, roots: [FuzzTarget.root])) == nil, "a signed revocation list verified with a root nobody holds")
        case .png:
            if let image = try? PNGReader.read(bytes) {
                precondition(image.pixels.count == image.width * image.height, "image size mismatch")
                _ = try? QRImageReader.scan(image)
            }
        }
    }

    /// A root key whose private half nobody has (random per process).
    static let root = SigningKey.generate(.eddsa).publicKey

    /// A verifier with one trusted key whose private half nobody has (random per process):
    /// no fuzz input can be a valid card.
    static let verifier = Verifier(settings: VerificationSettings(
        trust: TrustList().adding(TrustedKey(publicKey: SigningKey.generate(.es256).publicKey, issuer: "VN-79")),
        time: 1_740_762_000))
}
