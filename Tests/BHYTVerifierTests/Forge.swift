import BHYTCard
import BHYTCBOR
import BHYTCOSE
import BHYTEncoding
import BHYTVerifier
import Foundation

/// Builds signed texts, honest or not, for the tests.
enum Forge {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("samples")

    static func card(_ name: String) throws -> Card {
        try Card(jsonText: String(contentsOf: root.appendingPathComponent("cards/\(name).json"), encoding: .utf8))
    }

    static func legacy(_ name: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("legacy/\(name).txt"), encoding: .utf8).trimmingCharacters(in: .newlines)
    }

    static let es = try! SigningKey(algorithm: .es256, rawRepresentation: [UInt8](repeating: 0x31, count: 32))
    static let ed = try! SigningKey(algorithm: .eddsa, rawRepresentation: [UInt8](repeating: 0x32, count: 32))
    static let stranger = try! SigningKey(algorithm: .es256, rawRepresentation: [UInt8](repeating: 0x33, count: 32))
    /// 2025-03-01 00:00 Vietnam time: inside dn-2016's… no, after it; inside d2021-k1's validity.
    static let march2025: Int64 = 1_740_762_000
    static let iat: Int64 = 1_735_693_200  // 2025-01-01T08:00+07:00

    /// A COSE_Sign1 signed by `key` over `claims`, with header choices.
    static func text(claims: CWTClaims, key: SigningKey = es, protected: [CBORPair]? = nil, unprotected: [CBORPair] = [],
                     tagged: Bool = true, mutateSignature: Bool = false, trailing: [UInt8] = []) throws -> String {
        try text(payload: claims.cbor.encoded, key: key, protected: protected, unprotected: unprotected, tagged: tagged,
                 mutateSignature: mutateSignature, trailing: trailing)
    }

    /// The same for any payload bytes (claims of the wrong types, floats, …), honestly signed.
    static func text(payload: [UInt8], key: SigningKey = es, protected: [CBORPair]? = nil, unprotected: [CBORPair] = [],
                     tagged: Bool = true, mutateSignature: Bool = false, trailing: [UInt8] = []) throws -> String {
        let header = protected ?? [CBORPair(1, .int(key.algorithm.cose.rawValue)), CBORPair(4, .bytes(key.publicKey.kid))]
        let protectedBytes = CBOR.map(header).encoded
        let unsigned = COSESign1(protectedBytes: protectedBytes, protectedHeader: header, unprotectedHeader: unprotected,
                                 payload: payload, signature: [])
        var sig = try key.signature(for: unsigned.signedBytes)
        if mutateSignature { sig[10] ^= 0x40 }
        let body = CBOR.array([.bytes(protectedBytes), .map(unprotected), .bytes(payload), .bytes(sig)])
        return "BHXH1:" + Base10.encode((tagged ? CBOR.tagged(18, body) : body).encoded + trailing)
    }

    static func claims(_ card: Card, iss: String = "VN-79", iat: Int64 = iat) -> CWTClaims {
        SignedCardCodec.claims(for: card, issuer: iss, issuedAt: iat)
    }

    static func trust(_ entries: [TrustedKey]) -> TrustList {
        entries.reduce(TrustList()) { $0.adding($1) }
    }

    static let standardTrust = trust([TrustedKey(publicKey: es.publicKey, issuer: "VN-79"),
                                      TrustedKey(publicKey: ed.publicKey, issuer: "VN-56")])
}

extension Finding {
    /// The detail's words in `lang` (the presentation layer's), empty when there is none.
    func text(_ lang: Language = .en) -> String { FindingText.detail(detail, lang) ?? "" }
}
