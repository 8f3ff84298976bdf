import BHYTCOSE
import Testing
@testable import BHYTVerifier

@Suite struct TrustListTests {
    @Test func addAndReload() throws {
        let a = SigningKey.generate(.es256).publicKey, b = SigningKey.generate(.eddsa).publicKey
        let list = TrustList().adding(TrustedKey(publicKey: a, issuer: "VN-56", notBefore: 100, expires: 200))
            .adding(TrustedKey(publicKey: b, issuer: "VN-79"))
        let back = try TrustList(json: list.jsonText)
        #expect(back.problems.isEmpty && back.keys.count == 2)
        #expect(back.keys(withKID: a.kid).first?.issuer == "VN-56")
        #expect(back.keys(withKID: a.kid).first?.mayHaveSigned(at: 150) == true)
        #expect(back.keys(withKID: a.kid).first?.mayHaveSigned(at: 201) == false)
        #expect(back.keys(withKID: b.kid).first?.publicKey.algorithm == .eddsa)
    }

    @Test func badEntriesAreReportedAndLeftOut() throws {
        let good = TrustedKey(publicKey: SigningKey.generate(.es256).publicKey, issuer: "VN-01").jwk.serialized
        func with(_ change: (String) -> String) -> String { change(good) }
        let entries = [
            good,
            with { $0.replacingFirst("\"alg\":\"ES256\"", "\"alg\":\"EdDSA\"") },
            with { $0.replacingFirst("\"alg\":\"ES256\"", "\"alg\":\"RS256\"") },
            with { $0.replacingFirst("\"iss\":\"VN-01\"", "\"iss\":\"\"") },
            with { $0.replacingFirst("\"kid\":\"", "\"kid\":\"AA") },
            with { $0.replacingFirst("\"crv\":\"P-256\"", "\"crv\":\"P-384\"") },
            with { $0.replacingFirst("\"y\":\"", "\"y\":\"A") },
            "{\"kty\":\"RSA\"}",
            "42",
        ]
        let list = try TrustList(json: "{\"keys\":[" + entries.joined(separator: ",") + "]}")
        #expect(list.keys.count == 1)
        #expect(list.problems.count == entries.count - 1)
        #expect(throws: COSEError.self) { try TrustList(json: "{\"keys\":{}}") }
        #expect(throws: COSEError.self) { try TrustList(json: "not json") }
    }
}

import Foundation
import BHYTJSON

extension String {
    /// The text with the first `a` replaced by `b` (unchanged when there is none).
    func replacingFirst(_ a: String, _ b: String) -> String {
        guard let r = range(of: a) else { return self }
        return replacingCharacters(in: r, with: b)
    }
}
