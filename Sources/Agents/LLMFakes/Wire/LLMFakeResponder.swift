import Foundation
import HTTPTypes
import Hummingbird
import JSONValues
import NIOCore
import PlatformFakes

/// What both LLM fakes do around an answer: JSON and raw bodies, server-sent event streams, and
/// recording each call with the time the fake spent on it (until its last byte was handed over).
struct LLMFakeResponder: Sendable {
    /// The method calls are recorded under (`messages`, `chat.completions`).
    let method: String
    let recorder: CallRecorder
    let script: LLMFakeScript
    let configuration: LLMFakeConfiguration

    func json(_ value: JSONValue, status: Int = 200) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .init(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.encoded())))
    }

    func raw(_ body: String, contentType: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// Streams `events`, recording the call at once and its handling time once the last event is out.
    func stream(_ incoming: FakeLLMRequest, started: ContinuousClock.Instant, events: [String]) async -> Response {
        await record(incoming, status: 200)
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        let script = script
        let body = EventStreamBody(events: events, pause: configuration.eventPause, splitEvents: configuration.splitEvents)
            .responseBody { await script.recordHandling(ContinuousClock.now - started) }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Records the call and its handling time, then hands `response` back.
    func finish(_ incoming: FakeLLMRequest, started: ContinuousClock.Instant, _ response: Response) async -> Response {
        await record(incoming, status: Int(response.status.code))
        await script.recordHandling(ContinuousClock.now - started)
        return response
    }

    private func record(_ incoming: FakeLLMRequest, status: Int) async {
        await recorder.record(
            RecordedCall(
                method: method, path: incoming.path, parameters: incoming.json ?? [:], headers: incoming.headers,
                status: status, receivedAt: Date()))
    }
}
