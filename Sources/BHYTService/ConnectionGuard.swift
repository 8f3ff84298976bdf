import HTTPTypes
import NIOCore
import NIOHTTPTypes
import NIOConcurrencyHelpers

/// The open connections of each client address, shared by every connection's
/// ``ConnectionGuard``: one client may not take the service from the others.
final class ClientConnections: Sendable {
    /// Connections from one address beyond this are held to privileged requests (``ConnectionGuard``).
    let perClient: Int
    /// Connections from one address beyond this are closed as soon as they open.
    var hardLimit: Int { perClient * 4 }
    private let open = NIOLockedValueBox<[String: Int]>([:])

    init(perClient: Int) { self.perClient = max(1, perClient) }

    /// Counts a new connection from `address`; returns how many that address now has open.
    func opened(_ address: String) -> Int {
        open.withLockedValue { $0[address, default: 0] += 1; return $0[address]! }
    }

    func closed(_ address: String) {
        open.withLockedValue { counts in
            let n = (counts[address] ?? 1) - 1
            counts[address] = n > 0 ? n : nil
        }
    }
}

/// Bounds what a connection may hold before it asks for anything, in the channel pipeline
/// after the HTTP codec:
/// - a request's headers must have arrived within `headerTimeout` of the connection opening
///   or of the previous response ending (a client that opens connections and sends a few
///   bytes, or nothing, cannot keep them: they are closed);
/// - past ``ClientConnections/perClient`` connections from one address, a connection is
///   served only requests that must still get through — `/healthz`, and requests with the
///   service's token — and anything else is answered 429 `BUSY` and closed; past
///   ``ClientConnections/hardLimit`` it is closed at once.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let clients: ClientConnections
    private let headerTimeout: TimeAmount
    private let credentials: ServiceCredentials
    private var address: String?
    private var restricted = false
    /// Requests whose head arrived and whose response has not ended.
    private var outstanding = 0
    /// Dropping the parts of a request refused here.
    private var discarding = false
    /// A connection over its client's share: after the one request it may have, it is closed
    /// (so it cannot be kept open by asking for /healthz every few seconds), and anything
    /// pipelined behind that request is dropped (answers never come out of order).
    private var closing = false
    /// The one request of a closing connection has been read whole: later parts are dropped.
    private var dropRest = false
    private var timer: Scheduled<Void>?

    init(clients: ClientConnections, headerTimeout: TimeAmount, credentials: ServiceCredentials) {
        self.clients = clients
        self.headerTimeout = headerTimeout
        self.credentials = credentials
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let address = ConnectionGuard.clientAddress(context.channel.remoteAddress)
        self.address = address
        let count = clients.opened(address)
        if count > clients.hardLimit {
            context.close(promise: nil)
            return
        }
        restricted = count > clients.perClient
        armTimer(context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        if let address { clients.closed(address) }
        address = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if dropRest { return }
        switch part {
        case .head(let head):
            timer?.cancel()
            timer = nil
            if restricted {
                closing = true
                guard privileged(head) else {
                    discarding = true
                    refuse(context: context)
                    return
                }
            }
            outstanding += 1
        case .body, .end:
            if discarding {
                if case .end = part { discarding = false; if closing { dropRest = true } }
                return
            }
            if closing, case .end = part { dropRest = true }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        var part = unwrapOutboundIn(data)
        if closing, case .head(var head) = part, head.status.code >= 200 {
            head.headerFields[.connection] = "close"
            part = .head(head)
        }
        guard case .end = part else {
            context.write(wrapOutboundOut(part), promise: promise)
            return
        }
        outstanding = max(0, outstanding - 1)
        if closing {
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            let written = context.eventLoop.makePromise(of: Void.self)
            written.futureResult.whenComplete { _ in loopBound.value.close(promise: nil) }
            written.futureResult.cascade(to: promise)
            context.writeAndFlush(wrapOutboundOut(part), promise: written)
            return
        }
        if outstanding == 0 { armTimer(context: context) }
        context.write(data, promise: promise)
    }

    /// Closes the connection unless a request head arrives in time.
    private func armTimer(context: ChannelHandlerContext) {
        timer?.cancel()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: headerTimeout) {
            loopBound.value.close(promise: nil)
        }
    }

    /// What a connection over its client's share may still ask: the health check, or anything
    /// with the service's token.
    private func privileged(_ head: HTTPRequest) -> Bool {
        if head.path == "/healthz", head.method == .get || head.method == .head { return true }
        guard credentials.required else { return false }
        return credentials.caller(head.headerFields[.authorization]) != nil
    }

    private func refuse(context: ChannelHandlerContext) {
        let error = APIError.tooManyConnections
        var head = HTTPResponse(status: error.status)
        head.headerFields = error.headers
        head.headerFields[.contentType] = "application/json; charset=utf-8"
        head.headerFields[.connection] = "close"
        let body = error.bodyBytes
        head.headerFields[.contentLength] = String(body.count)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: body))), promise: nil)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in loopBound.value.close(promise: nil) }
    }

    /// The client's IP address without its port (`unknown` for a Unix socket).
    static func clientAddress(_ address: SocketAddress?) -> String {
        guard let address else { return "unknown" }
        return address.ipAddress ?? "unknown"
    }
}
