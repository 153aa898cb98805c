import Hummingbird
import NIOCore

/// The request context of every gateway route: Hummingbird's core storage plus the client's
/// address, which webhook IP allowlists and the per-IP rate limit use.
public struct GatewayRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address as text, or nil (Unix sockets, in-memory tests).
    public var clientIP: String? { remoteAddress?.ipAddress }
}
