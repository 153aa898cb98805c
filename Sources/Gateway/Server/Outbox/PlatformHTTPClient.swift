import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The HTTP client platform adapters share: one connection pool, bounded answers, a timeout on
/// every call. An answer is (status, headers we need, body).
public final class PlatformHTTPClient: Sendable {
    let client: HTTPClient
    let timeout: TimeAmount

    public init(timeout: Duration = .seconds(10)) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        // No tracing spans: the gateway traces a message by its correlation id in the log and the
        // events, and building each call's span attributes for the no-op tracer was 1.4% of its CPU.
        configuration.tracing.tracer = nil
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.timeout = Self.timeAmount(timeout)
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(Int64(duration.components.seconds) * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    public struct Answer: Sendable {
        public var status: Int
        public var retryAfter: String?
        public var body: Data
    }

    /// POSTs `body` to `url` with `headers`, within `timeout` (the client's default when nil).
    public func post(_ url: URL, body: Data, headers: [String: String], timeout: Duration? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: timeout.map(Self.timeAmount) ?? self.timeout)
        let buffer = try await response.body.collect(upTo: 4 << 20)
        return Answer(status: Int(response.status.code), retryAfter: response.headers.first(name: "retry-after"), body: Data(buffer: buffer))
    }

    public func shutdown() async {
        try? await client.shutdown()
    }
}
