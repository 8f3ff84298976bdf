import Hummingbird
import NIOCore

/// The outermost middleware: every error becomes the documented `{"error": …}` response with
/// a 4xx (a path the router does not know, a wrong method, a body too large, a broken
/// connection) — nothing a client sends yields a 5xx; then each request is timed, counted
/// and logged (route, status, duration; never card content).
struct ServiceMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServiceMetrics
    let log: OperatorLog

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ServiceClock.monotonicNanoseconds
        let path = request.uri.path
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = ServiceMiddleware.errorResponse(error, path: path)
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        let elapsed = ServiceClock.monotonicNanoseconds &- start
        // The route that ran (the router's match), not the raw path: a client may spell a path many ways.
        let route = Routes.name(endpoint: context.endpointPath)
        let method = request.method.rawValue.count <= 16 ? request.method.rawValue : "OTHER"
        metrics.request(route: route, method: method, status: response.status.code, nanoseconds: elapsed)
        log.access(method: method, route: route, status: response.status.code, milliseconds: Double(elapsed) / 1e6,
                   bytes: response.body.contentLength)
        return response
    }

    /// The documented error response for anything thrown.
    static func errorResponse(_ error: any Error, path: String) -> Response {
        switch error {
        case let e as APIError:
            return e.response
        case is NIOTooManyBytesError:
            return APIError.bodyTooLarge(0).response
        case let e as HTTPError where e.status == .notFound:
            if let allow = Routes.table[path] { return APIError.methodNotAllowed(allow).response }
            return APIError.notFound.response
        case let e as any HTTPResponseError where e.status.code >= 400 && e.status.code < 500:
            return APIError(status: e.status, code: "BAD_REQUEST", message: e.status.reasonPhrase).response
        default:
            // Not the client's doing as far as can be told (a connection gone while reading):
            // answered as an unreadable request, never a 5xx.
            return APIError.bodyUnreadable.response
        }
    }
}

/// CORS for the origins given with `--allow-origin` only, through Hummingbird's
/// `CORSMiddleware`: a listed origin's requests and preflights get its headers; another
/// origin's preflight is refused (ORIGIN_NOT_ALLOWED), and its plain requests get no CORS header
/// (the browser then keeps the answer from the page). Errors become the documented responses
/// before the CORS headers are added, so a refused request from a listed origin is readable.
struct CORSPolicy<Context: RequestContext>: RouterMiddleware {
    let origins: Set<String>
    let cors = CORSMiddleware<Context>(
        allowOrigin: .originBased, allowHeaders: [.authorization, .contentType, .acceptLanguage],
        allowMethods: [.get, .post, .options], maxAge: .seconds(600))

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin] else { return try await next(request, context) }
        let preflight = request.method == .options && request.headers[.accessControlRequestMethod] != nil
        guard origins.contains(origin) else {
            if preflight { throw APIError.originNotAllowed }
            return try await next(request, context)
        }
        if preflight, Routes.table[request.uri.path] == nil { throw APIError.originNotAllowed }
        // Hummingbird answers every OPTIONS with an origin as a preflight; one that is not a
        // preflight goes to the router like any other request (405 on the service's paths).
        if request.method == .options, !preflight {
            var response: Response
            do {
                response = try await next(request, context)
            } catch {
                response = ServiceMiddleware<Context>.errorResponse(error, path: request.uri.path)
            }
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[values: .vary].append("Origin")
            return response
        }
        return try await cors.handle(request, context: context) { request, context in
            do {
                return try await next(request, context)
            } catch {
                return ServiceMiddleware<Context>.errorResponse(error, path: request.uri.path)
            }
        }
    }
}

/// With a token (`--token-file`): every route needs `Authorization: Bearer TOKEN` (compared in
/// constant time) except those ``Routes`` marks open (the page's files and `/healthz`). Decided
/// on the route the router matched for this request — the one that will run — so no spelling
/// of a path (`//v1/verify`, `/v1/verify/`, the absolute form) gets past it; a request that
/// matched no route needs the token too.
struct BearerAuth<Context: RequestContext>: RouterMiddleware {
    let credentials: ServiceCredentials

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let endpoint = context.endpointPath, Routes.openPaths.contains(endpoint) { return try await next(request, context) }
        guard credentials.caller(request.headers[.authorization]) != nil else {
            throw APIError.unauthorized
        }
        return try await next(request, context)
    }
}

/// The Bearer token check, shared by the router (``BearerAuth``) and the connection guard.
enum BearerToken {
    /// Whether an `Authorization` value is `Bearer TOKEN` (scheme in any case).
    static func accepts(_ header: String, token: [UInt8]) -> Bool {
        presented(header).map { constantTimeEqual($0, token) } ?? false
    }

    /// The token of a `Bearer TOKEN` value (scheme in any case), or `nil`.
    static func presented(_ header: String) -> [UInt8]? {
        guard header.utf8.count <= 1024 else { return nil }
        let bytes = Array(header.utf8)
        let prefix = Array("bearer ".utf8)
        guard bytes.count > prefix.count, bytes.prefix(prefix.count).map({ $0 | 0x20 }) == prefix else { return nil }
        return Array(bytes.dropFirst(prefix.count))
    }

    /// Equal bytes, in time that depends only on the lengths.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var diff: UInt8 = a.count == b.count ? 0 : 1
        for i in 0..<max(a.count, b.count) {
            diff |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0)
        }
        return diff == 0
    }
}
