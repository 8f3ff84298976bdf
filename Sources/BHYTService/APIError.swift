import BHYTJSON
import Hummingbird

/// A refused request: an HTTP status, a stable code and a message, answered as
/// `{"error": {"code", "message"}}` (docs/openapi.yaml). Every malformed request ends as one
/// of these (4xx); the service's own trouble (a check-in log that cannot be written) too.
struct APIError: Error, HTTPResponseError {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    var headers: HTTPFields = [:]

    func response(from request: Request, context: some RequestContext) throws -> Response { response }

    var response: Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bodyBytes)))
    }

    /// The body: `{"error": {"code", "message"}}`.
    var bodyBytes: [UInt8] {
        var w = JSONWriter(capacity: 160)
        w.beginObject()
        w.key("error")
        w.beginObject()
        w.member("code", code)
        w.member("message", message)
        w.endObject()
        w.endObject()
        return w.bytes
    }

    static func bodyTooLarge(_ limit: Int) -> APIError {
        APIError(status: .contentTooLarge, code: "BODY_TOO_LARGE", message: "the request body is larger than \(limit) bytes")
    }
    static func jsonInvalid(_ why: String) -> APIError {
        APIError(status: .badRequest, code: "JSON_INVALID", message: why)
    }
    static func requestInvalid(_ why: String) -> APIError {
        APIError(status: .badRequest, code: "REQUEST_INVALID", message: why)
    }
    static func unsupportedMediaType(_ accepted: String) -> APIError {
        APIError(status: .unsupportedMediaType, code: "UNSUPPORTED_MEDIA_TYPE", message: "send \(accepted)")
    }
    static let noRecords = APIError(status: .notFound, code: "NO_RECORDS",
                                    message: "this service keeps no check-in records: start it with --records sqlite:PATH (one desk) or --records postgres://USER@HOST:PORT/DATABASE")
    static let notFound = APIError(status: .notFound, code: "NOT_FOUND", message: "no such resource; see docs/openapi.yaml")
    static func methodNotAllowed(_ allow: String) -> APIError {
        APIError(status: .methodNotAllowed, code: "METHOD_NOT_ALLOWED", message: "allowed: \(allow)", headers: [.allow: allow])
    }
    static let unauthorized = APIError(status: .unauthorized, code: "UNAUTHORIZED", message: "a valid Bearer token is required",
                                       headers: [.wwwAuthenticate: "Bearer realm=\"bhyt\""])
    static let originNotAllowed = APIError(status: .forbidden, code: "ORIGIN_NOT_ALLOWED", message: "this origin may not call the service (--allow-origin)")
    static let busy = APIError(status: .tooManyRequests, code: "BUSY", message: "too many verifications at once; retry shortly",
                               headers: [.retryAfter: "1"])
    /// A connection over its client's share (``ConnectionGuard``) asking for something other
    /// than `/healthz` without the token.
    static let tooManyConnections = APIError(status: .tooManyRequests, code: "BUSY",
                                             message: "too many connections from this address; close some and retry",
                                             headers: [.retryAfter: "1"])
    static let timeLimit = APIError(status: .serviceUnavailable, code: "TIME_LIMIT", message: "no verdict within the time limit; retry",
                                    headers: [.retryAfter: "1"])
    static let stopping = APIError(status: .serviceUnavailable, code: "STOPPING", message: "the service is stopping", headers: [.retryAfter: "5"])
    static let bodyUnreadable = APIError(status: .badRequest, code: "BODY_UNREADABLE", message: "the request body could not be read")
    static let bodyTimeout = APIError(status: .requestTimeout, code: "BODY_TIMEOUT", message: "the request body did not arrive in time")
    static func logFailed(_ why: String) -> APIError {
        APIError(status: .serviceUnavailable, code: "CHECKIN_LOG_FAILED", message: "the check-in log cannot be written: \(why)")
    }
}
