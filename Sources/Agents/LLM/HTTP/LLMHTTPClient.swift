import AsyncHTTPClient
import NIOCore

/// Builds the `HTTPClient` the LLM providers should share in a running gateway. Unlike
/// `HTTPClient.shared`, it does not keep retrying a refused connection until the request's
/// deadline (`LLMFailoverClient` retries and fails over itself, so a dead local server costs
/// milliseconds, not the whole timeout), and it bounds connect time and read idleness.
/// The caller owns the client and shuts it down (`try await client.shutdown()`).
public enum LLMHTTPClient {
    /// A new client; `readIdleTimeout` bounds the silence between bytes of an answer
    /// (a streaming model that stalls), nil for none.
    public static func make(connectTimeout: Duration = .seconds(10), readIdleTimeout: Duration? = .seconds(120)) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = HTTPClient.Configuration.Timeout(
            connect: timeAmount(connectTimeout), read: readIdleTimeout.map(timeAmount))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
