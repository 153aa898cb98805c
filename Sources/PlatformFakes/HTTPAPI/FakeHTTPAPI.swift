import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// A local JSON API for HTTP tools: any method on any path is recorded (method = the HTTP method,
/// parameters = the JSON body's members plus the query) and answered with the next scripted
/// response, or with `defaultResponse` (200 `{}`) when none is queued.
public final class FakeHTTPAPI: LocalPlatformFake {
    public let recorder = CallRecorder()
    public let server = FakeServerRunner()
    private let script = Mutex<(queued: [WireResponse], fallback: WireResponse)>(([], .json(.object([:]))))

    public init() {}

    /// Answers every request without a queued response with `response`.
    public func respond(with response: WireResponse) {
        script.withLock { $0.fallback = response }
    }

    /// Answers the next requests with `responses`, in order (e.g. a 503 then a 200).
    public func queue(_ responses: WireResponse...) {
        script.withLock { $0.queued += responses }
    }

    public func buildRouter() -> Router<BasicRequestContext> {
        let router = Router()
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
            router.on("**", method: method) { request, _ in try await self.handle(request) }
        }
        return router
    }

    private func handle(_ request: Request) async throws -> Response {
        let incoming = try await IncomingRequest.read(request)
        var parameters = incoming.query
        for (name, value) in (try? incoming.bodyParameters()) ?? [:] { parameters[name] = value }
        let response = script.withLock { $0.queued.isEmpty ? $0.fallback : $0.queued.removeFirst() }
        await recorder.record(
            RecordedCall(
                method: request.method.rawValue, path: incoming.path, parameters: parameters, headers: incoming.headers, status: response.status,
                receivedAt: Date()))
        return response.hummingbirdResponse
    }
}
