import BHYTCBOR
import BHYTCOSE
import BHYTEncoding
import BHYTImage
import Crypto
import Foundation
import SwiftASN1

/// The `HC1:` front end, for the conformance vectors only: prefix and Base45 instead of
/// `BHXH1:` and Base10, X.509 certificates for keys, and the DCC's non-deterministic CBOR.
/// Everything underneath is the library's code, unchanged.
enum HC1 {
    /// The DCC's CBOR is not deterministic (map order, head sizes); bounds still apply.
    static let decoder = CBORDecoder(maximumDepth: 16, maximumItems: 10_000, deterministic: false)

    /// The outcome of a stage: it succeeded, it failed, it was refused as unsupported (an
    /// algorithm the COSE layer does not verify), which is neither a crash nor a pass, or the
    /// vector has nothing for this stage to check.
    enum Outcome: Equatable {
        case success
        case failure(String)
        case refusedUnsupported(String)
        case notApplicable(String)
    }

    /// COSE bytes: the COSE member, or where a file has none, the whole chain from PREFIX.
    static func coseBytes(_ v: DGCVector) -> [UInt8]? {
        if let cose = v.cose { return cose }
        guard let p = v.prefix, p.hasPrefix("HC1:"), let raw = try? Base45.decode(p.dropFirst(4)) else { return nil }
        return raw.first == 0x78 ? try? Zlib.inflate(raw, limit: 1 << 20) : raw
    }

    static func unprefix(_ v: DGCVector) -> Outcome {
        guard let p = v.prefix, let b45 = v.base45 else { return .failure("no PREFIX or BASE45") }
        guard p.hasPrefix("HC1:") else { return .failure("prefix is not HC1:") }
        return String(p.dropFirst(4)) == b45 ? .success : .failure("differs from BASE45")
    }

    /// Base45 decodes to COMPRESSED; where a file has no COMPRESSED, to bytes that are (or
    /// inflate to) COSE.
    static func base45(_ v: DGCVector) -> Outcome {
        guard let b45 = v.base45 else { return .failure("no BASE45") }
        do {
            let bytes = try Base45.decode(b45)
            if let compressed = v.compressed { return bytes == compressed ? .success : .failure("decodes to other bytes") }
            guard let cose = v.cose else { return .failure("no COMPRESSED or COSE") }
            let inflated = bytes.first == 0x78 ? try Zlib.inflate(bytes, limit: 1 << 20) : bytes
            return inflated == cose ? .success : .failure("decodes to other bytes")
        } catch {
            return .failure("\(error)")
        }
    }

    /// COMPRESSED (or, where a file has none, the Base45-decoded bytes) inflates to COSE.
    static func compression(_ v: DGCVector) -> Outcome {
        guard let z = v.compressed ?? v.base45.flatMap({ try? Base45.decode($0) }), let cose = v.cose else {
            return .failure("no COMPRESSED or COSE")
        }
        do {
            return try Zlib.inflate(z, limit: 1 << 20) == cose ? .success : .failure("inflates to other bytes")
        } catch {
            return .failure("zlib: \(error)")
        }
    }

    /// COSE payload → CWT → hcert (-260) → DGC (1), compared semantically with the CBOR field.
    static func decode(_ v: DGCVector) -> Outcome {
        guard let cose = coseBytes(v), let cbor = v.cbor else { return .failure("no COSE or CBOR") }
        do {
            let message = try COSESign1.decode(cose, requireTag: false, allowCWTTag: true, decoder: decoder)
            let claims = try CWTClaims(payload: message.payload, decoder: decoder, numericDates: .integersOrFloats)
            guard let dgc = claims[claim: -260]?[intKey: 1] else { return .failure("no hcert claim (-260/1)") }
            let expected = canonical(try decoder.decode(cbor))
            // Files disagree on what CBOR holds: the DGC itself, or the whole CWT payload.
            let payload = canonical(try decoder.decode(message.payload))
            return canonical(dgc) == expected || payload == expected ? .success : .failure("payload differs from CBOR")
        } catch {
            return .failure("\(error)")
        }
    }

    /// The certificate's key and the DCC kid (first 8 bytes of SHA-256 over the certificate).
    struct KeyProblem: Error { let reason: String }
    /// A DCC signer's key and kid (the trust list belongs to the BHXH1 verifier, not to COSE).
    struct DCCKey { let publicKey: PublicKey; let kid: [UInt8] }

    static func trustedKey(_ v: DGCVector) -> Result<DCCKey, KeyProblem> {
        guard let der = v.certificate else { return .failure(KeyProblem(reason: "no certificate")) }
        do {
            let spki = try subjectPublicKeyInfo(certificate: der)
            let key = try PublicKey(spki: spki)
            return .success(DCCKey(publicKey: key, kid: Array(SHA256.hash(data: der).prefix(8))))
        } catch let e as COSEError {
            return .failure(KeyProblem(reason: "unsupported key: \(e)"))
        } catch {
            return .failure(KeyProblem(reason: "certificate: \(error)"))
        }
    }

    /// Signature with the certificate's key, after the kid check (protected kid, else unprotected).
    static func verify(_ v: DGCVector) -> Outcome {
        guard let cose = coseBytes(v) else { return .failure("no COSE") }
        let message: COSESign1
        do {
            message = try COSESign1.decode(cose, requireTag: false, allowCWTTag: true, decoder: decoder)
        } catch {
            return .failure("\(error)")
        }
        do {
            _ = try message.algorithm()
        } catch {
            if case .algorithmUnsupported(_, let name) = error { return .refusedUnsupported("ALG_UNSUPPORTED \(name)") }
            return .failure("\(error)")
        }
        let trusted: DCCKey
        switch trustedKey(v) {
        case .success(let k): trusted = k
        case .failure(let why): return .failure(why.reason)
        }
        guard let kid = message.kid, kid == trusted.kid else { return .failure("KEY_UNKNOWN (kid does not match)") }
        // Generic COSE (RFC 9053 §2.1): the header's algorithm fixes the scheme and hash, the
        // certificate's key the curve.
        return message.isSignatureValidAsGenericCOSE(with: trusted.publicKey) ? .success : .failure("SIGNATURE_INVALID")
    }

    /// iat ≤ clock ≤ exp.
    static func expiration(_ v: DGCVector) -> Outcome {
        guard let cose = coseBytes(v), let clock = v.validationClock else { return .failure("no COSE or VALIDATIONCLOCK") }
        do {
            let message = try COSESign1.decode(cose, requireTag: false, allowCWTTag: true, decoder: decoder)
            let claims = try CWTClaims(payload: message.payload, decoder: decoder, numericDates: .integersOrFloats)
            if let iat = claims.issuedAt, clock < iat { return .failure("NOT_YET_VALID (clock before iat)") }
            if let exp = claims.expires, clock > exp { return .failure("EXPIRED") }
            return .success
        } catch {
            return .failure("\(error)")
        }
    }

    /// The base64 PNG read by our PNG reader and zbar, compared with PREFIX.
    static func picture(_ v: DGCVector) -> Outcome {
        guard let b64 = v.pngBase64 else { return .notApplicable("no 2DCODE picture in the file") }
        guard let png = Data(base64Encoded: b64, options: .ignoreUnknownCharacters), let prefix = v.prefix else {
            return .failure("2DCODE is not base64, or no PREFIX")
        }
        do {
            return try QRImageReader.readSingle(Array(png), deadline: .none) == prefix ? .success : .failure("reads as other text")
        } catch {
            return .failure("\(error)")
        }
    }

    /// Maps with members sorted by their encoded keys, recursively: for semantic comparison.
    static func canonical(_ c: CBOR) -> CBOR {
        switch c {
        case .map(let members):
            return .map(members.map { CBORPair(canonical($0.key), canonical($0.value)) }.sorted { $0.key.encoded.lexicographicallyPrecedes($1.key.encoded) })
        case .array(let a): return .array(a.map(canonical))
        case .tagged(let t, let v): return .tagged(t, canonical(v))
        default: return c
        }
    }

    /// The SubjectPublicKeyInfo of an X.509 certificate (DER), with swift-asn1.
    static func subjectPublicKeyInfo(certificate der: [UInt8]) throws -> [UInt8] {
        let cert = try DER.parse(der)
        guard case .constructed(let certParts) = cert.content, let tbs = certParts.first(where: { _ in true }),
              case .constructed(let fields) = tbs.content else { throw ASN1Error.invalidASN1Object(reason: "not a certificate") }
        var rest = Array(fields)
        if rest.first?.identifier.tagClass == .contextSpecific { rest.removeFirst() }  // [0] version
        // serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo
        guard rest.count >= 6 else { throw ASN1Error.invalidASN1Object(reason: "short TBSCertificate") }
        return Array(rest[5].encodedBytes)
    }
}
