import BHYTJSON
import Crypto

/// A JWS in compact serialisation (RFC 7515 §7.1): `BASE64URL(header).BASE64URL(payload).BASE64URL(signature)`,
/// in the one profile BHYT lists use: a protected header of `alg` (`ES256` or `EdDSA`), `kid`
/// (the root key's kid, base64url of its 8 bytes) and `typ`, and nothing else; an ES256
/// signature is r‖s (64 bytes, RFC 7518 §3.4), not DER. Reading it checks the form only;
/// ``verify(roots:)`` says which pinned root key (khóa gốc) made the signature, if any.
package struct JWSCompact: Sendable {
    /// The header's algorithm (never `none`).
    package let algorithm: COSEAlgorithm
    /// The header's kid as written (base64url).
    package let kid: String
    /// The header's `typ`, lower-cased (media types are case-insensitive).
    package let type: String
    /// The payload's bytes (not yet authenticated until ``verify(roots:)`` succeeds); empty when
    /// read with `decodingPayload: false`.
    package let payload: [UInt8]
    /// Where the payload's base64url text is in the input.
    package let payloadRange: Range<Int>
    package let signature: [UInt8]
    /// `BASE64URL(header) . BASE64URL(payload)`: the bytes the signature covers.
    let signingInput: ArraySlice<UInt8>

    /// SHA-256 of what the signature covers (header and payload): tells two lists of the same
    /// `seq` apart (``ListHolder``).
    package var contentDigest: [UInt8] { Array(SHA256.hash(data: signingInput)) }

    /// Largest protected header read.
    package static let maximumHeader = 1024

    /// Reads a compact JWS from text (white space around it, such as a final newline, is ignored).
    /// - Parameter maximumLength: the largest input accepted, in bytes.
    package init(_ text: String, maximumLength: Int) throws(JWSError) {
        try self.init(bytes: Array(text.utf8), maximumLength: maximumLength)
    }

    /// Reads a compact JWS from UTF-8 bytes.
    package init(bytes: [UInt8], maximumLength: Int) throws(JWSError) {
        try self.init(bytes: bytes, maximumLength: maximumLength, decodingPayload: true)
    }

    /// Reads a compact JWS, leaving the payload undecoded when `decodingPayload` is false (the
    /// caller decodes ``payloadRange`` itself, in place: a national revocation list).
    package init(bytes: [UInt8], maximumLength: Int, decodingPayload: Bool) throws(JWSError) {
        guard bytes.count <= maximumLength else { throw .tooLarge(limit: maximumLength) }
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }
        var start = 0, end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        guard start < end else { throw .malformed("empty") }
        var dots: [Int] = []
        for i in start..<end where bytes[i] == 0x2E {
            dots.append(i)
            if dots.count > 2 { throw .malformed("more than three parts (a JWE, or JSON serialisation, is not accepted)") }
        }
        guard dots.count == 2 else { throw .malformed("\(dots.count + 1) part\(dots.count == 0 ? "" : "s"), expected three separated by dots") }
        let h = bytes[start..<dots[0]], p = bytes[(dots[0] + 1)..<dots[1]], s = bytes[(dots[1] + 1)..<end]
        guard !h.isEmpty, !p.isEmpty, !s.isEmpty else { throw .malformed("an empty part (a detached payload is not accepted)") }
        guard h.count <= JWSCompact.maximumHeader * 4 / 3 + 4 else { throw .header("longer than \(JWSCompact.maximumHeader) bytes") }
        guard let headerBytes = Base64.decodeURL(h) else { throw .base64(part: "header") }
        let payload: [UInt8]
        if decodingPayload {
            guard let decoded = Base64.decodeURL(p) else { throw .base64(part: "payload") }
            payload = decoded
        } else {
            payload = []
        }
        guard let signature = Base64.decodeURL(s) else { throw .base64(part: "signature") }
        (algorithm, kid, type) = try JWSCompact.readHeader(headerBytes)
        guard signature.count == 64 else { throw .malformed("a \(algorithm.name) signature is 64 bytes, this one \(signature.count)") }
        self.payload = payload
        payloadRange = p.startIndex..<p.endIndex
        self.signature = signature
        signingInput = bytes[start..<dots[1]]
    }

    /// The header members this profile understands; any other (`crit`, `jwk`, `jku`, `x5u`,
    /// `x5c`, `b64`, …) is refused rather than ignored, so no header can change what is verified.
    static let headerMembers: Set<String> = ["alg", "kid", "typ"]

    static func readHeader(_ bytes: [UInt8]) throws(JWSError) -> (COSEAlgorithm, String, String) {
        let header: JSONValue
        do {
            header = try JSONParser.parse(bytes)
        } catch {
            // JSONParser refuses a repeated member name: two `alg`s could be read two ways.
            throw .header("not JSON: \(error.reason)")
        }
        guard case .object(let members) = header else { throw .header("not a JSON object") }
        if let other = members.first(where: { !headerMembers.contains($0.key) }) {
            throw .header("member \"\(other.key)\" is not understood (the header has alg, kid and typ only)")
        }
        guard case .string(let alg)? = header["alg"] else { throw .header("no alg (a string)") }
        // Header strings end up in messages: printable ASCII only (a line feed or an escape in a
        // kid could forge a line of `trust show`), a kid in base64url.
        func printable(_ t: String) -> Bool { !t.isEmpty && t.utf8.count <= 128 && t.utf8.allSatisfy { (0x21...0x7E).contains($0) } }
        guard alg.isEmpty || printable(alg) else { throw .header("alg is not an algorithm name") }
        if alg.lowercased() == "none" { throw .algorithmNone }
        guard let algorithm = COSEAlgorithm(name: alg), algorithm == .es256 || algorithm == .eddsa else {
            throw .algorithmUnsupported(alg)
        }
        guard case .string(let kid)? = header["kid"], !kid.isEmpty else { throw .header("no kid (the root key's kid, a string)") }
        guard kid.utf8.count <= 64, kid.utf8.allSatisfy({ $0 == 0x2D || $0 == 0x5F || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
            throw .header("kid is not base64url (the root key's kid)")
        }
        guard case .string(let typ)? = header["typ"], printable(typ) else { throw .header("no typ (a media type)") }
        return (algorithm, kid, typ.lowercased())
    }

    /// The root key that made the signature: one of `roots` with the header's kid and alg.
    /// Fails with ``JWSError/rootUnknown(kid:)``, ``JWSError/algorithmMismatch(header:key:)`` or
    /// ``JWSError/signatureInvalid``, in that order.
    package func verify(roots: [PublicKey]) throws(JWSError) -> PublicKey {
        let withKID = roots.filter { $0.kidText == kid }
        guard !withKID.isEmpty else { throw .rootUnknown(kid: kid) }
        let usable = withKID.filter { $0.algorithm == algorithm }
        guard !usable.isEmpty else { throw .algorithmMismatch(header: algorithm.name, key: withKID[0].algorithm.name) }
        for root in usable where root.isValidSignature(signature, for: signingInput) { return root }
        throw .signatureInvalid
    }

    /// Signs `payload` with `key` under the header `{"alg":…,"kid":…,"typ":…}` (in that order);
    /// returns the compact serialisation.
    package static func sign(payload: [UInt8], type: String, key: SigningKey) throws(COSEError) -> String {
        let header = JSONValue.object(["alg": .string(key.algorithm.rawValue), "kid": .string(key.publicKey.kidText), "typ": .string(type)])
        let input = Base64.encodeURL(Array(header.serialized.utf8)) + "." + Base64.encodeURL(payload)
        let signature = try key.signature(for: Array(input.utf8))
        return input + "." + Base64.encodeURL(signature)
    }
}
