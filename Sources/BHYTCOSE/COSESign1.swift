import BHYTCBOR

/// A COSE_Sign1 message (RFC 9052 §4.2): `18([protected, unprotected, payload, signature])`.
package struct COSESign1: Sendable, Hashable {
    /// The protected header as serialized (the bytes the signature covers).
    package let protectedBytes: [UInt8]
    /// The protected header, decoded.
    package let protectedHeader: [CBORPair]
    /// The unprotected header.
    package let unprotectedHeader: [CBORPair]
    /// The payload (embedded, never detached here).
    package let payload: [UInt8]
    package let signature: [UInt8]

    /// The COSE tag for COSE_Sign1.
    package static let tag: UInt64 = 18
    /// The CWT tag (RFC 8392 §6), which may wrap a COSE message.
    package static let cwtTag: UInt64 = 61
    /// Header labels this code understands, and so may be named critical (RFC 9052 §3.1):
    /// alg (1), crit (2), content type (3), kid (4).
    package static let understoodLabels: Set<Int64> = [1, 2, 3, 4]

    /// The value of an integer header label in a header.
    static func value(_ label: Int64, in header: [CBORPair]) -> CBOR? {
        header.first { $0.key.int64 == label }?.value
    }

    /// `alg` from the protected header only, as its integer identifier.
    package var algorithmID: Int64? { COSESign1.value(1, in: protectedHeader)?.int64 }

    /// `kid`: from the protected header; from the unprotected one only when none is protected.
    package var kid: [UInt8]? {
        if let k = COSESign1.value(4, in: protectedHeader) { return k.bytesValue }
        return COSESign1.value(4, in: unprotectedHeader)?.bytesValue
    }

    /// The algorithm, when it is one of `accepted`; refused by name otherwise.
    package func algorithm(accepting accepted: Set<COSEAlgorithm> = Set(COSEAlgorithm.allCases)) throws(COSEError) -> COSEAlgorithm {
        switch COSESign1.value(1, in: protectedHeader) {
        case nil: throw .algorithmMissing
        case .text(let name)?: throw .algorithmUnsupported(id: 0, name: name)
        case let v?:
            guard let id = v.int64 else { throw .structure("alg is not an integer") }
            guard let alg = COSEAlgorithm(rawValue: id), accepted.contains(alg) else {
                throw .algorithmUnsupported(id: id, name: COSEAlgorithm.describe(id))
            }
            return alg
        }
    }

    /// `Sig_structure = ["Signature1", protected, external_aad = h'', payload]`, encoded
    /// (written directly: the same bytes as encoding that array, without building it).
    package var signedBytes: [UInt8] {
        var out: [UInt8] = [0x84, 0x6A]
        out.reserveCapacity(payload.count + protectedBytes.count + 24)
        out.append(contentsOf: "Signature1".utf8)
        CBOR.head(2, UInt64(protectedBytes.count), into: &out)
        out.append(contentsOf: protectedBytes)
        out.append(0x40)
        CBOR.head(2, UInt64(payload.count), into: &out)
        out.append(contentsOf: payload)
        return out
    }

    /// Signs a payload: protected header `{1: alg, 4: kid}`, empty unprotected header.
    package static func sign(payload: [UInt8], with key: SigningKey) throws(COSEError) -> COSESign1 {
        let header: [CBORPair] = [CBORPair(1, .int(key.algorithm.cose.rawValue)), CBORPair(4, .bytes(key.publicKey.kid))]
        let protectedBytes = CBOR.map(header).encoded
        let unsigned = COSESign1(protectedBytes: protectedBytes, protectedHeader: header, unprotectedHeader: [],
                                 payload: payload, signature: [])
        let signature = try key.signature(for: unsigned.signedBytes)
        return COSESign1(protectedBytes: protectedBytes, protectedHeader: header, unprotectedHeader: [],
                         payload: payload, signature: signature)
    }

    /// The tagged message, encoded.
    package var encoded: [UInt8] {
        var out: [UInt8] = [0xD2, 0x84]
        out.reserveCapacity(payload.count + signature.count + protectedBytes.count + 12)
        CBOR.head(2, UInt64(protectedBytes.count), into: &out)
        out.append(contentsOf: protectedBytes)
        CBOR.map(unprotectedHeader).encode(into: &out)
        CBOR.head(2, UInt64(payload.count), into: &out)
        out.append(contentsOf: payload)
        CBOR.head(2, UInt64(signature.count), into: &out)
        out.append(contentsOf: signature)
        return out
    }

    /// Reads a COSE_Sign1. `requireTag` refuses an untagged message; `allowCWTTag` accepts
    /// the CWT tag 61 around it (RFC 8392 §6; the BHXH1 envelope does not use it); `decoder`
    /// sets the CBOR rules (deterministic and bounded by default). Refused: `alg` in the
    /// unprotected header, a label in both headers, anything but a map in the protected
    /// header, and a `crit` header naming a label not understood or not present (RFC 9052 §3.1).
    package static func decode(_ bytes: [UInt8], requireTag: Bool = true, allowCWTTag: Bool = false,
                              decoder: CBORDecoder = CBORDecoder()) throws(COSEError) -> COSESign1 {
        var r = decoder.reader(bytes)
        do {
            // Well-formed first (CBOR), then shaped like a COSE_Sign1 (structure).
            try r.validateAll()
            var tagged = false
            if try r.peekMajorType() == 6 {
                var tag = try r.readTag()
                if allowCWTTag, tag == cwtTag, try r.peekMajorType() == 6 { tag = try r.readTag() }
                guard tag == COSESign1.tag else { throw COSEError.structure("tag \(tag), not 18 (COSE_Sign1)") }
                tagged = true
            }
            if requireTag && !tagged { throw COSEError.structure("no COSE_Sign1 tag (18)") }
            guard try r.peekMajorType() == 4 else { throw COSEError.structure("not an array of four") }
            let parts = try r.readArrayHeader()
            guard parts == 4 else { throw COSEError.structure("not an array of four") }
            let protectedBytes = try readBytes(&r, "protected header is not a byte string")
            let unprotectedItem = try r.readItem()
            guard case .map(let unprotected) = unprotectedItem else { throw COSEError.structure("unprotected header is not a map") }
            let payload = try readBytes(&r, "payload is not an embedded byte string")
            let signature = try readBytes(&r, "signature is not a byte string")
            try r.expectEnd()
            var protected: [CBORPair] = []
            if !protectedBytes.isEmpty {
                guard case .map(let m) = try decoder.decode(protectedBytes) else { throw COSEError.structure("protected header is not a map") }
                protected = m
            }
            try checkHeaders(protected: protected, unprotected: unprotected)
            return COSESign1(protectedBytes: protectedBytes, protectedHeader: protected, unprotectedHeader: unprotected,
                             payload: payload, signature: signature)
        } catch let e as CBORError {
            throw .cbor(e.description)
        } catch let e as COSEError {
            throw e
        } catch {
            throw .structure("\(error)")
        }
    }

    private static func readBytes(_ r: inout CBORReader, _ why: String) throws -> [UInt8] {
        guard try r.peekMajorType() == 2 else { throw COSEError.structure(why) }
        return try r.readBytes()
    }

    /// The header rules of RFC 9052 §3 that do not depend on the profile.
    static func checkHeaders(protected: [CBORPair], unprotected: [CBORPair]) throws(COSEError) {
        if value(1, in: unprotected) != nil { throw .structure("alg in the unprotected header") }
        if value(2, in: unprotected) != nil { throw .structure("crit in the unprotected header") }
        // A label in both headers is not allowed (RFC 9052 §3). (Headers are a few entries: no set needed.)
        if unprotected.contains(where: { u in protected.contains { $0.key == u.key } }) {
            throw .structure("a header label is both protected and unprotected")
        }
        if let crit = value(2, in: protected) {
            guard case .array(let labels) = crit, !labels.isEmpty else { throw .structure("crit is not a non-empty array of labels") }
            for label in labels {
                guard let l = label.int64, understoodLabels.contains(l) else {
                    throw .structure("critical header \(label) is not understood")
                }
                guard protected.contains(where: { $0.key == label }) else { throw .structure("critical header \(l) is not in the protected header") }
            }
        }
    }

    /// Whether `key` made the signature (with the key's own algorithm).
    package func isSignatureValid(with key: PublicKey) -> Bool {
        key.isValidSignature(signature, for: signedBytes)
    }

    /// Whether `key` made the signature with the algorithm of the protected header, as generic
    /// COSE reads it (RFC 9053 §2.1: the algorithm fixes scheme and hash, the key the curve);
    /// `false` when the header names no supported algorithm.
    package func isSignatureValidAsGenericCOSE(with key: PublicKey) -> Bool {
        guard let alg = try? algorithm() else { return false }
        return key.isValidSignature(signature, for: signedBytes, algorithm: alg)
    }

    package init(protectedBytes: [UInt8], protectedHeader: [CBORPair], unprotectedHeader: [CBORPair],
                payload: [UInt8], signature: [UInt8]) {
        self.protectedBytes = protectedBytes
        self.protectedHeader = protectedHeader
        self.unprotectedHeader = unprotectedHeader
        self.payload = payload
        self.signature = signature
    }
}
