import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers `Expect: 100-continue` with `100 Continue` (RFC 9110 §10.1.1). curl and PHP send it
/// before a large body (a phone photo), .NET Framework before every POST; a client that waits
/// for the interim answer would otherwise stall a second, or until its body times out. Sits in
/// the channel pipeline after the HTTP codec, before Hummingbird's request handling. A request
/// refused before its body is read (a token missing, a body over its limit) still gets its
/// final answer; the body the client sends anyway is drained.
final class ExpectContinueHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data),
           let expect = head.headerFields[.expect], expect.lowercased() == "100-continue" {
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
        }
        context.fireChannelRead(data)
    }
}
