import HummingbirdCore
import Logging
import NIOCore

/// A server connection set up by `Inner`, that a graceful shutdown closes at once while it has
/// received nothing yet. The web-chat upgrade channel adds the handler that answers the server's
/// quiescing only with a connection's first request, so a connection that never sent one (a
/// client's spare keep-alive connection, a probe) held the shutdown open until the client dropped it.
struct QuiescingChildChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value
    let inner: Inner

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(CloseUnusedOnQuiesce(), position: .first)
        }.flatMap {
            inner.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

/// Closes the connection on a quiesce event that arrives before anything was read from it. With
/// the first bytes it leaves the pipeline: from then on the HTTP handlers answer quiescing, finishing
/// the request in progress first.
final class CloseUnusedOnQuiesce: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
