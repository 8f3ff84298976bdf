import BHYTCBOR

/// Why bytes are not a usable COSE_Sign1, by stage.
public enum COSEError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes are not CBOR (or not deterministic CBOR where that is required).
    case cbor(CBORError)
    /// CBOR, but not a COSE_Sign1: wrong tag, not a 4-array, wrong member types,
    /// a protected header that is not a serialized map, alg in the unprotected header, …
    case structure(String)
    /// The protected header has no alg.
    case algorithmMissing
    /// An alg other than ES256 and EdDSA, named.
    case algorithmUnsupported(id: Int64, name: String)
    /// No kid in the protected header (nor, with none there, in the unprotected one).
    case kidMissing

    public var description: String {
        switch self {
        case .cbor(let e): return e.description
        case .structure(let s): return "not a COSE_Sign1: \(s)"
        case .algorithmMissing: return "no alg in the protected header"
        case .algorithmUnsupported(_, let name): return "algorithm \(name) is not accepted (only ES256 and EdDSA)"
        case .kidMissing: return "no kid"
        }
    }
}

/// A COSE_Sign1 message (RFC 9052 §4.2): `18([protected, unprotected, payload, signature])`.
public struct COSESign1: Sendable, Hashable {
    /// The protected header as serialized (the bytes the signature covers).
    public let protectedBytes: [UInt8]
    /// The protected header, decoded.
    public let protectedHeader: [CBORPair]
    /// The unprotected header.
    public let unprotectedHeader: [CBORPair]
    /// The payload (embedded, never detached here).
    public let payload: [UInt8]
    public let signature: [UInt8]

    /// The COSE tag for COSE_Sign1.
    public static let tag: UInt64 = 18

    /// `alg` from the protected header only, as its integer identifier.
    public var algorithmID: Int64? { CBOR.map(protectedHeader)[intKey: 1]?.int64 }

    /// `kid`: from the protected header; from the unprotected one only when none is protected.
    public var kid: [UInt8]? {
        if let k = CBOR.map(protectedHeader)[intKey: 4] { return k.bytesValue }
        return CBOR.map(unprotectedHeader)[intKey: 4]?.bytesValue
    }

    /// The supported algorithm, or the reason there is none.
    public func algorithm() throws(COSEError) -> COSEAlgorithm {
        guard let id = algorithmID else {
            if CBOR.map(protectedHeader)[intKey: 1] != nil { throw .structure("alg is not an integer") }
            throw .algorithmMissing
        }
        guard let alg = COSEAlgorithm(rawValue: id) else { throw .algorithmUnsupported(id: id, name: COSEAlgorithm.describe(id)) }
        return alg
    }

    /// `Sig_structure = ["Signature1", protected, external_aad = h'', payload]`, encoded
    /// (written directly: the same bytes as encoding that array, without building it).
    public var signedBytes: [UInt8] {
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
    public static func sign(payload: [UInt8], with key: SigningKey) throws(KeyError) -> COSESign1 {
        let header: [CBORPair] = [CBORPair(1, .int(key.algorithm.rawValue)), CBORPair(4, .bytes(key.publicKey.kid))]
        let protectedBytes = CBOR.map(header).encoded
        let unsigned = COSESign1(protectedBytes: protectedBytes, protectedHeader: header, unprotectedHeader: [],
                                 payload: payload, signature: [])
        let signature = try key.signature(for: unsigned.signedBytes)
        return COSESign1(protectedBytes: protectedBytes, protectedHeader: header, unprotectedHeader: [],
                         payload: payload, signature: signature)
    }

    /// The tagged message, encoded.
    public var encoded: [UInt8] {
        CBOR.tagged(COSESign1.tag, .array([.bytes(protectedBytes), .map(unprotectedHeader), .bytes(payload), .bytes(signature)])).encoded
    }

    /// The CWT tag (RFC 8392 §6), which may wrap a COSE message.
    public static let cwtTag: UInt64 = 61

    /// Reads a COSE_Sign1. `requireTag` refuses an untagged message; `allowCWTTag` accepts
    /// the CWT tag 61 around it (RFC 8392 §6; the BHXH1 envelope does not use it); `decoder`
    /// sets the CBOR rules (deterministic and bounded by default). `alg` in the unprotected
    /// header is refused, as is anything but a map in the protected header.
    public static func decode(_ bytes: [UInt8], requireTag: Bool = true, allowCWTTag: Bool = false,
                              decoder: CBORDecoder = CBORDecoder()) throws(COSEError) -> COSESign1 {
        let item: CBOR
        do {
            item = try decoder.decode(bytes)
        } catch {
            throw .cbor(error)
        }
        var body = item
        if allowCWTTag, case .tagged(COSESign1.cwtTag, let inner) = item { body = inner }
        switch body {
        case .tagged(COSESign1.tag, let inner): body = inner
        case .tagged(let t, _): throw .structure("tag \(t), not 18 (COSE_Sign1)")
        default: if requireTag { throw .structure("no COSE_Sign1 tag (18)") }
        }
        guard case .array(let parts) = body, parts.count == 4 else { throw .structure("not an array of four") }
        guard case .bytes(let protectedBytes) = parts[0] else { throw .structure("protected header is not a byte string") }
        guard case .map(let unprotected) = parts[1] else { throw .structure("unprotected header is not a map") }
        guard case .bytes(let payload) = parts[2] else { throw .structure("payload is not an embedded byte string") }
        guard case .bytes(let signature) = parts[3] else { throw .structure("signature is not a byte string") }
        var protected: [CBORPair] = []
        if !protectedBytes.isEmpty {
            let header: CBOR
            do {
                header = try decoder.decode(protectedBytes)
            } catch {
                throw .cbor(error)
            }
            guard case .map(let m) = header else { throw .structure("protected header is not a map") }
            protected = m
        }
        if CBOR.map(unprotected)[intKey: 1] != nil { throw .structure("alg in the unprotected header") }
        // A label in both headers is not allowed (RFC 9052 §3).
        let protectedKeys = Set(protected.map(\.key))
        if unprotected.contains(where: { protectedKeys.contains($0.key) }) { throw .structure("a header label is both protected and unprotected") }
        return COSESign1(protectedBytes: protectedBytes, protectedHeader: protected, unprotectedHeader: unprotected,
                         payload: payload, signature: signature)
    }

    /// Whether `key` made the signature.
    public func isSignatureValid(with key: PublicKey) -> Bool {
        key.isValidSignature(signature, for: signedBytes)
    }

    public init(protectedBytes: [UInt8], protectedHeader: [CBORPair], unprotectedHeader: [CBORPair],
                payload: [UInt8], signature: [UInt8]) {
        self.protectedBytes = protectedBytes
        self.protectedHeader = protectedHeader
        self.unprotectedHeader = unprotectedHeader
        self.payload = payload
        self.signature = signature
    }
}
