import BHYTCOSE

extension RevocationList {
    /// Largest signed revocation list read by default (10^7 entries take about 200 MB as a JWS).
    package static let maximumSignedLength = 512 << 20

    /// Reads a signed revocation list: a JWS with `typ` `bhyt-revocation+jwt` whose payload is
    /// `{"iat":…,"exp":…,"seq":…,"packed":"…","revoked":["1234567890 2025-03-01",…]}`: `revoked`
    /// holds entries as lines of the text form without their comment; the optional `packed`
    /// holds undated entries compactly (base64url of their keys in increasing order, each as the
    /// LEB128 varint of its difference from the one before — a national list in a fifth of the
    /// bytes; see docs/FORMAT.md). It is verified against the pinned
    /// root keys (not checked with none). The payload is read by a scanner for exactly this
    /// form — a JSON object of those four members, integers without fraction, entries of printable
    /// ASCII with no escape — so a national list never becomes a tree of JSON values.
    ///
    /// The bytes are taken (`consuming`): once the signature is checked, the payload is decoded in
    /// place over the JWS text, so a national list is in memory once, not twice. Pass them with
    /// `consume` to spare a copy.
    package static func signed(_ bytes: consuming [UInt8], roots: [PublicKey], maximumLength: Int = RevocationList.maximumSignedLength)
        throws(SignedListError) -> (list: RevocationList, info: SignedListInfo) {
        var text = consume bytes
        let kid: String, signer: PublicKey?, range: Range<Int>, digest: [UInt8]
        do {
            let jws: JWSCompact
            do {
                jws = try JWSCompact(bytes: text, maximumLength: maximumLength, decodingPayload: false)
            } catch {
                throw SignedListError.jws(error)
            }
            let kind = SignedListKind.revocation
            guard jws.type == kind.type else { throw SignedListError.typeMismatch(expected: kind.type, found: jws.type) }
            do {
                signer = roots.isEmpty ? nil : try jws.verify(roots: roots)
            } catch {
                throw SignedListError.jws(error)
            }
            (kid, range, digest) = (jws.kid, jws.payloadRange, jws.contentDigest)
        }
        // The JWS (and its view of the text) is gone: the text is this function's alone to overwrite.
        guard Base64.decodeURLInPlace(&text, range: range) else { throw .jws(.base64(part: "payload")) }
        var scanner = RevocationPayloadScanner(bytes: text)
        text = []
        let (validity, list) = try scanner.read()
        return (list, SignedListInfo(kind: .revocation, validity: validity, rootKID: kid, verifiedBy: signer, contentDigest: digest))
    }
}

/// Reads a signed revocation payload (see ``RevocationList/signed(_:roots:maximumLength:)``).
package struct RevocationPayloadScanner {
    /// The validity and list of a payload (for the fuzz target; the library opens the JWS first).
    package static func read(_ payload: [UInt8]) throws(SignedListError) -> (ListValidity, RevocationList) {
        var scanner = RevocationPayloadScanner(bytes: payload)
        return try scanner.read()
    }

    let bytes: [UInt8]
    var i = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    private func fail(_ why: String) -> SignedListError { .payload("\(why) (at byte \(i))") }

    private mutating func space() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func expect(_ c: UInt8, _ what: String) throws(SignedListError) {
        space()
        guard i < bytes.count, bytes[i] == c else { throw fail("expected \(what)") }
        i += 1
    }

    /// A string without escapes: its bytes' range.
    private mutating func string() throws(SignedListError) -> Range<Int> {
        try expect(0x22, "a string")
        let start = i
        while i < bytes.count, bytes[i] != 0x22 {
            let c = bytes[i]
            guard c >= 0x20, c < 0x7F, c != 0x5C else { throw fail("a string with an escape, a control or a non-ASCII character") }
            i += 1
        }
        guard i < bytes.count else { throw fail("a string that does not end") }
        i += 1
        return start..<(i - 1)
    }

    private mutating func integer(_ name: String) throws(SignedListError) -> Int64 {
        space()
        let start = i
        if i < bytes.count, bytes[i] == 0x2D { i += 1 }
        let digits = i
        while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
        guard i > digits, i - digits <= 16 else { throw fail("\(name) must be an integer") }
        if i < bytes.count, bytes[i] == 0x2E || bytes[i] == 0x65 || bytes[i] == 0x45 { throw fail("\(name) must be an integer") }
        guard bytes[digits] != 48 || i - digits == 1 else { throw fail("\(name): a number with a leading zero") }
        return Int64(String(decoding: bytes[start..<i], as: UTF8.self)) ?? 0
    }

    mutating func read() throws(SignedListError) -> (ListValidity, RevocationList) {
        var numbers: [String: Int64] = [:]
        var builder: RevocationList.Builder?
        var seen: Set<String> = []
        var packed: Range<Int>?
        try expect(0x7B, "a JSON object")
        space()
        if i < bytes.count, bytes[i] == 0x7D { throw fail("an empty object") }
        while true {
            let nameRange = try string()
            let name = String(decoding: bytes[nameRange], as: UTF8.self)
            guard seen.insert(name).inserted else { throw fail("member \"\(name)\" appears twice") }
            try expect(0x3A, "':'")
            switch name {
            case "iat", "exp", "seq":
                numbers[name] = try integer(name)
            case "packed":
                packed = try string()
            case "revoked":
                // An entry takes 14 bytes at least in the payload ("0123456789",\n), 11 in the text form.
                var b = RevocationList.Builder(expectedBytes: (bytes.count - i) / 14 * 11)
                try expect(0x5B, "an array of entries")
                space()
                if i < bytes.count, bytes[i] == 0x5D {
                    i += 1
                } else {
                    var n = 0
                    while true {
                        let r = try string()
                        n += 1
                        do {
                            try bytes.withUnsafeBufferPointer { (buf) throws(RevocationList.LoadError) in
                                try b.addEntry(buf, r.lowerBound, r.upperBound)
                            }
                        } catch {
                            throw .payload("revoked entry \(n) (\"\(String(decoding: bytes[r], as: UTF8.self))\"): \(error.reason)")
                        }
                        space()
                        guard i < bytes.count else { throw fail("the array does not end") }
                        if bytes[i] == 0x2C { i += 1; continue }
                        if bytes[i] == 0x5D { i += 1; break }
                        throw fail("expected ',' or ']'")
                    }
                }
                builder = b
            default:
                throw fail("member \"\(name)\" is not part of a signed revocation list")
            }
            space()
            guard i < bytes.count else { throw fail("the object does not end") }
            if bytes[i] == 0x2C { i += 1; continue }
            if bytes[i] == 0x7D { i += 1; break }
            throw fail("expected ',' or '}'")
        }
        space()
        guard i == bytes.count else { throw fail("text after the object") }
        for name in ["iat", "exp", "seq"] where numbers[name] == nil { throw .payload("no \(name)") }
        guard var b = builder else { throw .payload("no \"revoked\" array") }
        if let packed {
            var raw = Array(bytes[packed])
            guard Base64.decodeURLInPlace(&raw, range: 0..<raw.count) else { throw .payload("\"packed\" is not base64url") }
            do {
                try b.addPacked(raw)
            } catch {
                throw .payload("\"packed\": \(error.reason)")
            }
        }
        builder = nil  // the keys have one owner: finishing sorts them in place, not a copy
        let validity = try ListValidity(issuedAt: numbers["iat"]!, expires: numbers["exp"]!, sequence: numbers["seq"]!)
        do {
            return (validity, try b.finish())
        } catch {
            throw .payload(error.description)
        }
    }
}

extension RevocationList {
    /// The entries of a text-form list as the signed form holds them: each line without its
    /// comment and surrounding white space, in file order (checked as ``init(bytes:)`` checks them).
    package static func entries(ofText bytes: [UInt8]) throws(LoadError) -> [String] {
        _ = try RevocationList(bytes: bytes)
        var out: [String] = []
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            var stop = start
            while stop < end, bytes[stop] != 0x23 { stop += 1 }
            var j = start
            func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }
            while j < stop, isSpace(bytes[j]) { j += 1 }
            while stop > j, isSpace(bytes[stop - 1]) { stop -= 1 }
            if j < stop { out.append(String(decoding: bytes[j..<stop], as: UTF8.self)) }
            start = end + 1
        }
        return out
    }

    /// Signs a text-form revocation list with the root key: the compact JWS of
    /// `{"iat":…,"exp":…,"seq":…,"packed":"…","revoked":[…]}` (typ `bhyt-revocation+jwt`): every
    /// undated number or card code in `packed`, the other entries (dated ones, pre-2016 codes)
    /// one a line of `revoked`. A list with a bad line is refused (``LoadError``), never signed half.
    package static func sign(text bytes: [UInt8], validity: ListValidity, key: SigningKey) throws -> String {
        let list = try RevocationList(bytes: bytes)
        var rest: [String] = []
        for e in try entries(ofText: bytes) {
            let utf8 = Array(e.utf8)
            if Entry.key(utf8) == nil || utf8.contains(0x20) || utf8.contains(0x09) { rest.append(e) }
        }
        var payload: [UInt8] = []
        payload.reserveCapacity(list.all.count * 3 + rest.count * 32 + 128)
        payload += Array("{\"iat\":\(validity.issuedAt),\"exp\":\(validity.expires),\"seq\":\(validity.sequence)".utf8)
        if !list.all.isEmpty {
            payload += Array(",\"packed\":\"".utf8)
            payload += Array(Base64.encodeURL(packedKeys(list.all)).utf8)
            payload.append(0x22)
        }
        payload += Array(",\"revoked\":[".utf8)
        for (n, e) in rest.enumerated() {
            payload += Array((n == 0 ? "\n\"" : ",\n\"").utf8)
            payload += Array(e.utf8)
            payload.append(0x22)
        }
        payload += Array("\n]}".utf8)
        return try JWSCompact.sign(payload: payload, type: SignedListKind.revocation.type, key: key)
    }

    /// Increasing keys as LEB128 varints of their differences (the first from 0).
    static func packedKeys(_ keys: [UInt64]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(keys.count * 2 + 16)
        var previous: UInt64 = 0
        for k in keys {
            var d = k - previous
            previous = k
            while d >= 0x80 {
                out.append(UInt8(d & 0x7F) | 0x80)
                d >>= 7
            }
            out.append(UInt8(d))
        }
        return out
    }
}

extension RevocationList.Builder {
    /// Adds the undated keys of a `packed` member: LEB128 differences, strictly increasing,
    /// each a key a text entry could have (a 10-digit number or a card code), in shortest form.
    mutating func addPacked(_ raw: [UInt8]) throws(RevocationList.LoadError) {
        // One key ends at each byte below 0x80: room for exactly that many, reserved once.
        all.reserveCapacity(all.count + raw.reduce(0) { $0 + ($1 < 0x80 ? 1 : 0) })
        var keys = all
        all = []
        defer { all = keys }
        try raw.withUnsafeBufferPointer { (p) throws(RevocationList.LoadError) in
            var previous: UInt64 = 0
            var i = 0, n = 0
            while i < p.count {
                var d: UInt64 = 0, shift: UInt64 = 0
                while true {
                    guard i < p.count, shift <= 56 else { throw RevocationList.LoadError(line: n + 1, reason: "a packed entry that does not end") }
                    let byte = p[i]
                    i += 1
                    d |= UInt64(byte & 0x7F) << shift
                    if byte & 0x80 == 0 {
                        guard byte != 0 || shift == 0 else { throw RevocationList.LoadError(line: n + 1, reason: "a packed entry not in shortest form") }
                        break
                    }
                    shift += 7
                }
                n += 1
                guard n == 1 || d > 0 else { throw RevocationList.LoadError(line: n, reason: "packed entries not in increasing order") }
                let (key, overflow) = previous.addingReportingOverflow(d)
                guard !overflow, RevocationList.Entry.isKey(key) else { throw RevocationList.LoadError(line: n, reason: "a packed entry that is no number or card code") }
                keys.append(key)
                previous = key
            }
        }
    }
}
