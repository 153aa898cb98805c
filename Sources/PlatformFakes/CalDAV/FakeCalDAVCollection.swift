import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// A local CalDAV collection speaking the part of the wire format a client storing entries uses:
/// `PUT <collection>/<uid>.ics` (201 Created; with `If-None-Match: *` and the resource present,
/// 412 Precondition Failed) and `GET` of a stored resource (200 with its text, else 404). Records
/// every call (method `PUT`/`GET`) in `recorder`; `failNext` makes PUTs answer an error status.
public final class FakeCalDAVCollection: LocalPlatformFake {
    public let recorder = CallRecorder()
    public let server = FakeServerRunner()
    private let state = Mutex(State())

    struct State {
        var resources: [String: String] = [:]
        var faults: [Int] = []
    }

    public init() {}

    /// The stored resources: path → iCalendar text.
    public var resources: [String: String] { state.withLock { $0.resources } }

    /// Makes the next `times` PUTs answer `status` (e.g. 503) without storing anything.
    public func failNext(times: Int = 1, status: Int) {
        state.withLock { $0.faults += Array(repeating: status, count: times) }
    }

    public func buildRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.put("**") { request, _ in try await self.put(request) }
        router.get("**") { request, _ in try await self.get(request) }
        return router
    }

    private func put(_ request: Request) async throws -> Response {
        let incoming = try await IncomingRequest.read(request)
        let text = String(decoding: incoming.body, as: UTF8.self)
        let status: Int = state.withLock { state in
            if !state.faults.isEmpty { return state.faults.removeFirst() }
            guard incoming.path.hasSuffix(".ics"), incoming.contentType.hasPrefix("text/calendar"), text.hasPrefix("BEGIN:VCALENDAR") else {
                return 415
            }
            if state.resources[incoming.path] != nil, incoming.headers["if-none-match"] == "*" { return 412 }
            let existed = state.resources[incoming.path] != nil
            state.resources[incoming.path] = text
            return existed ? 204 : 201
        }
        await recorder.record(
            RecordedCall(method: "PUT", path: incoming.path, parameters: ["body": .string(text)], headers: incoming.headers, status: status, receivedAt: Date()))
        return Response(status: HTTPResponse.Status(code: status))
    }

    private func get(_ request: Request) async throws -> Response {
        let incoming = try await IncomingRequest.read(request)
        let body = state.withLock { $0.resources[incoming.path] }
        await recorder.record(
            RecordedCall(method: "GET", path: incoming.path, parameters: [:], headers: incoming.headers, status: body == nil ? 404 : 200, receivedAt: Date()))
        guard let body else { return Response(status: .notFound) }
        return WireResponse.text(body, status: 200, contentType: "text/calendar; charset=utf-8").hummingbirdResponse
    }
}
