import BHYTCard
import BHYTQR
import BHYTService
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The service's router in process (HummingbirdTesting, no socket): every endpoint's success
/// shape and its documented errors, the token decided on the matched route, and CORS through
/// Hummingbird's middleware behind the allow-list.
@Suite struct ServiceRouterTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func sample(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("samples/" + path), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    static let token = "0123456789abcdef-router-test"
    /// 2025-07-01 09:00 Vietnam time: the demo cards are valid.
    static let july2025: Int64 = 1_751_335_200

    func app(token: Bool = false, origins: [String] = [], log: String? = nil) throws -> (some ApplicationProtocol, ServiceCore) {
        var c = ServiceConfiguration(trustPath: Self.root.appendingPathComponent("samples/DEMO-ONLY-trust.json").path,
                                     token: token ? Array(Self.token.utf8) : nil, allowedOrigins: origins,
                                     fixedTime: Self.july2025, language: .en, pollSeconds: 0)
        c.logPath = log
        c.limits.workerThreads = 1
        let core = try ServiceCore(configuration: c)
        return (Application(router: core.router()), core)
    }

    func json(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
    }

    func body(_ object: Any) throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object))
    }

    /// The documented error body's code: `{"error": {"code", "message"}}`.
    func errorCode(_ answer: [String: Any]) -> String? {
        guard let error = answer["error"] as? [String: Any], error["message"] is String else { return nil }
        return error["code"] as? String
    }

    func expectError(_ r: TestResponse, _ status: HTTPResponse.Status, _ code: String) throws {
        #expect(r.status == status, "\(code)")
        let answer = try json(r.body)
        #expect(errorCode(answer) == code, "\(answer)")
    }

    static let jsonType: HTTPFields = [.contentType: "application/json"]

    @Test func pageHealthAndMetrics() async throws {
        let (app, core) = try app()
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { r in
                #expect(r.status == .ok && r.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(String(buffer: r.body).contains("<html"))
                #expect(r.headers[.xContentTypeOptions] == "nosniff")
            }
            try await client.execute(uri: "/", method: .head) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/desk.js", method: .get) { r in
                #expect(r.status == .ok && r.headers[.contentType]?.contains("javascript") == true)
            }
            try await client.execute(uri: "/desk.css", method: .get) { r in
                #expect(r.status == .ok && r.headers[.contentType]?.hasPrefix("text/css") == true)
            }
            try await client.execute(uri: "/healthz", method: .get) { r in
                #expect(r.status == .ok)
                let h = try json(r.body)
                #expect(h["status"] as? String == "ok" && (h["keys"] as? Int ?? 0) >= 2)
            }
            try await client.execute(uri: "/metrics", method: .get) { r in
                #expect(r.status == .ok && String(buffer: r.body).contains("bhyt_trust_keys"))
            }
            try await client.execute(uri: "/v1/status", method: .get) { r in
                #expect(r.status == .ok)
                let s = try json(r.body)
                #expect(s["service"] as? String == "bhyt serve" && s["time"] as? Int == Int(Self.july2025))
            }
        }
        await core.shutdown()
    }

    @Test func verifyOneBatchAndInspect() async throws {
        let (app, core) = try app()
        let signed = try Self.sample("signed/es256/d2021-k1.txt")
        let legacy = try Self.sample("legacy/hs-2016.txt")
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/verify", method: .post, headers: Self.jsonType, body: try body(["text": signed])) { r in
                #expect(r.status == .ok)
                let v = try json(r.body)
                #expect(v["status"] as? String == "valid" && v["format"] as? String == "signed")
                #expect((v["card"] as? [String: Any])?["fullName"] as? String == "Hoàng Thị Lụa")
            }
            try await client.execute(uri: "/v1/verify", method: .post, headers: Self.jsonType,
                                     body: try body(["texts": [signed, legacy, "not a card"]])) { r in
                #expect(r.status == .ok)
                let verdicts = try #require(try json(r.body)["verdicts"] as? [[String: Any]])
                #expect(verdicts.map { $0["status"] as? String } == ["valid", "unverified", "unreadable"])
            }
            try await client.execute(uri: "/v1/verify?lang=vi", method: .post, headers: Self.jsonType, body: try body(["text": "xin chào"])) { r in
                let v = try json(r.body)
                let reason = try #require((v["reasons"] as? [[String: Any]])?.first)
                #expect(v["status"] as? String == "unreadable" && reason["code"] as? String == "FORMAT_UNKNOWN")
                #expect((reason["message"] as? String)?.contains("không phải mã QR thẻ BHYT") == true)
            }
            // "Could not read" has its own label in the metrics.
            try await client.execute(uri: "/metrics", method: .get) { r in
                #expect(String(buffer: r.body).contains(#"bhyt_verdicts_total{status="unreadable",reason="FORMAT_UNKNOWN"}"#))
            }
            try await client.execute(uri: "/v1/inspect", method: .post, headers: Self.jsonType, body: try body(["text": legacy])) { r in
                #expect(r.status == .ok)
                let i = try json(r.body)
                #expect(i["input"] as? String == "request" && (i["card"] as? [String: Any]) != nil)
            }
        }
        await core.shutdown()
    }

    /// `{"text", "id"}`: the card with the citizen ID compared; the check-in log then holds
    /// neither the ID's 12-digit number nor its address.
    @Test func verifyWithACitizenID() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bhyt-router-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let log = dir.appendingPathComponent("checkins.jsonl").path
        let (app, core) = try app(log: log)
        let signed = try Self.sample("signed/es256/d2021-k1.txt")
        let id = "006185000123|012345678|Hoàng Thị Lụa|14021985|Nữ|Số 7 Ngõ Bản Nà Phặc|01072024"
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/verify", method: .post, headers: Self.jsonType, body: try body(["text": signed, "id": id])) { r in
                #expect(r.status == .ok)
                let v = try json(r.body)
                let identity = try #require(v["identity"] as? [String: Any])
                #expect(v["status"] as? String == "valid" && identity["match"] as? String == "holder")
                #expect((identity["fields"] as? [String: String]) == ["personalId": "absent", "name": "same", "birthDate": "same", "sex": "same"])
            }
            let other = id.replacingOccurrences(of: "14021985", with: "14021986")
            try await client.execute(uri: "/v1/verify", method: .post, headers: Self.jsonType, body: try body(["text": signed, "id": other])) { r in
                let v = try json(r.body)
                #expect(v["status"] as? String == "invalid" && (v["identity"] as? [String: Any])?["match"] as? String == "mismatch")
            }
            try await client.execute(uri: "/v1/verify", method: .post, headers: Self.jsonType, body: try body(["texts": [signed], "id": id])) { r in
                try expectError(r, .badRequest, "REQUEST_INVALID")
            }
        }
        await core.shutdown()
        let written = try String(contentsOfFile: log, encoding: .utf8)
        #expect(written.split(separator: "\n").count == 2)
        #expect(!written.contains("006185000123") && !written.contains("Ngõ Bản Nà Phặc") && written.contains("personalIdHMAC"))
        #expect(FileManager.default.fileExists(atPath: log + ".key"))
    }

    @Test func documentedErrors() async throws {
        let (app, core) = try app()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/verify", method: .post, headers: Self.jsonType, body: ByteBuffer(string: "{\"text\":")) { r in
                try expectError(r, .badRequest, "JSON_INVALID")
            }
            try await client.execute(uri: "/v1/verify", method: .post, headers: Self.jsonType, body: try body(["card": "x"])) { r in
                try expectError(r, .badRequest, "REQUEST_INVALID")
            }
            try await client.execute(uri: "/v1/verify", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "x")) { r in
                try expectError(r, .unsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE")
            }
            try await client.execute(uri: "/v1/inspect", method: .post, headers: [.contentType: "image/png"], body: ByteBuffer(string: "x")) { r in
                try expectError(r, .unsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE")
            }
            try await client.execute(uri: "/v1/verify", method: .post, headers: Self.jsonType,
                                     body: ByteBuffer(string: "{\"text\":\"" + String(repeating: "1", count: 3 << 20) + "\"}")) { r in
                try expectError(r, .contentTooLarge, "BODY_TOO_LARGE")
            }
            try await client.execute(uri: "/v1/verify", method: .get) { r in
                try expectError(r, .methodNotAllowed, "METHOD_NOT_ALLOWED")
                #expect(r.headers[.allow] == "POST")
            }
            try await client.execute(uri: "/v2/verify", method: .get) { r in try expectError(r, .notFound, "NOT_FOUND") }
            // Nothing a client sends gives a 5xx.
            try await client.execute(uri: "/v1/verify", method: .post, headers: [.contentType: "image/png"],
                                     body: ByteBuffer(bytes: [0x89, 0x50, 0x4E, 0x47] + [UInt8](repeating: 0, count: 64))) { r in
                #expect(r.status == .ok)
                let answer = try json(r.body)
                #expect(answer["status"] as? String == "unreadable")
            }
        }
        await core.shutdown()
    }

    /// The uploads PHP's curl and .NET's HttpClient send by default: a form with the picture as
    /// its file part, and raw bytes as application/octet-stream. The content decides.
    @Test func formAndOctetStreamUploads() async throws {
        let (app, core) = try app()
        let png = try PNGWriter.png(try QREncoder.encode(cardText: try Self.sample("signed/es256/d2021-k1.txt")))
        let boundary = "----BHYTKitTestBoundary7MA4YWxk"
        @Sendable func form(_ parts: [(String, String?, [UInt8])]) -> ByteBuffer {
            var body: [UInt8] = []
            for (name, filename, bytes) in parts {
                var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\""
                if let filename { head += "; filename=\"\(filename)\"\r\nContent-Type: image/png" }
                body += Array((head + "\r\n\r\n").utf8) + bytes + Array("\r\n".utf8)
            }
            body += Array("--\(boundary)--\r\n".utf8)
            return ByteBuffer(bytes: body)
        }
        let formType: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/verify", method: .post, headers: formType,
                                     body: form([("note", nil, Array("desk 2".utf8)), ("image", "card.png", png)])) { r in
                let answer = try json(r.body)
                #expect(r.status == .ok && answer["status"] as? String == "valid")
            }
            try await client.execute(uri: "/v1/verify", method: .post, headers: [.contentType: "application/octet-stream"],
                                     body: ByteBuffer(bytes: png)) { r in
                let answer = try json(r.body)
                #expect(r.status == .ok && answer["status"] as? String == "valid")
            }
            try await client.execute(uri: "/v1/verify", method: .post, headers: formType, body: form([("note", nil, Array("x".utf8))])) { r in
                try expectError(r, .badRequest, "REQUEST_INVALID")
            }
            try await client.execute(uri: "/v1/verify", method: .post, headers: [.contentType: "multipart/form-data"], body: form([])) { r in
                try expectError(r, .badRequest, "REQUEST_INVALID")
            }
            try await client.execute(uri: "/v1/verify", method: .post, headers: formType, body: ByteBuffer(string: "garbage")) { r in
                #expect(r.status.code == 400)
            }
        }
        await core.shutdown()
    }

    @Test func tokenIsDecidedOnTheMatchedRoute() async throws {
        let (app, core) = try app(token: true)
        let bearer: HTTPFields = [.authorization: "Bearer \(Self.token)", .contentType: "application/json"]
        try await app.test(.router) { client in
            for path in ["/healthz", "/", "/desk.js"] {
                try await client.execute(uri: path, method: .get) { r in #expect(r.status == .ok, "\(path)") }
            }
            for (path, method) in [("/v1/status", HTTPRequest.Method.get), ("/metrics", .get), ("/v1/verify", .post), ("//v1//verify/", .post),
                                   ("/nowhere", .get)] {
                try await client.execute(uri: path, method: method, headers: Self.jsonType, body: try body(["text": "x"])) { r in
                    #expect(r.status == .unauthorized, "\(path)")
                    let answer = try json(r.body)
                #expect(errorCode(answer) == "UNAUTHORIZED")
                }
            }
            try await client.execute(uri: "/v1/verify", method: .post, headers: bearer, body: try body(["text": "x"])) { r in
                #expect(r.status == .ok)
            }
            try await client.execute(uri: "/v1/status", method: .get, headers: [.authorization: "bearer \(Self.token)"]) { r in
                #expect(r.status == .ok)
            }
        }
        await core.shutdown()
    }

    @Test func corsForListedOriginsOnly() async throws {
        let his = "https://his.example"
        let (app, core) = try app(origins: [his])
        let preflight: HTTPFields = [.origin: his, .accessControlRequestMethod: "POST", .accessControlRequestHeaders: "content-type"]
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/verify", method: .options, headers: preflight) { r in
                #expect(r.status == .noContent)
                #expect(r.headers[.accessControlAllowOrigin] == his && r.headers[.accessControlAllowMethods]?.contains("POST") == true)
                #expect(r.headers[.accessControlAllowHeaders]?.lowercased().contains("content-type") == true)
                #expect(r.headers[.accessControlMaxAge] == "600")
            }
            // An OPTIONS that is no preflight is a request like any other: the router answers it.
            try await client.execute(uri: "/v1/verify", method: .options, headers: [.origin: his]) { r in
                try expectError(r, .methodNotAllowed, "METHOD_NOT_ALLOWED")
                #expect(r.headers[.accessControlAllowOrigin] == his)
            }
            var evil = preflight
            evil[.origin] = "https://evil.example"
            try await client.execute(uri: "/v1/verify", method: .options, headers: evil) { r in
                try expectError(r, .forbidden, "ORIGIN_NOT_ALLOWED")
            }
            try await client.execute(uri: "/v1/verify", method: .post, headers: [.origin: his, .contentType: "application/json"],
                                     body: try body(["text": "x"])) { r in
                #expect(r.status == .ok && r.headers[.accessControlAllowOrigin] == his && r.headers[.vary] == "Origin")
            }
            // A listed origin's refused request keeps its documented body and gets the CORS headers (readable by the page).
            try await client.execute(uri: "/v1/verify", method: .post, headers: [.origin: his, .contentType: "text/plain"],
                                     body: ByteBuffer(string: "x")) { r in
                #expect(r.status == .unsupportedMediaType && r.headers[.accessControlAllowOrigin] == his)
                let answer = try json(r.body)
                #expect(errorCode(answer) == "UNSUPPORTED_MEDIA_TYPE")
            }
            try await client.execute(uri: "/v1/verify", method: .post, headers: [.origin: "https://evil.example", .contentType: "application/json"],
                                     body: try body(["text": "x"])) { r in
                #expect(r.status == .ok && r.headers[.accessControlAllowOrigin] == nil)
            }
        }
        await core.shutdown()
    }
}
