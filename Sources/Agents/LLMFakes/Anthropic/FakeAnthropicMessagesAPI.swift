import Foundation
import HTTPTypes
import Hummingbird
import JSONValues
import NIOCore
import PlatformFakes

/// A local stand-in for the Anthropic Messages API speaking its wire format:
/// `POST /v1/messages` with `x-api-key` and `anthropic-version` headers, answering a
/// `message` JSON body or, with `"stream": true`, the `message_start` … `message_stop` event
/// stream (text deltas, `tool_use` blocks with `input_json_delta`), and Anthropic's
/// `{"type":"error","error":{…}}` bodies (429 `rate_limit_error` with `retry-after`,
/// 500 `api_error`, 529 `overloaded_error`). Like the real API it requires `max_tokens`, and
/// a `tool_result` must answer a `tool_use` of the preceding assistant turn (400 otherwise).
/// Every call is recorded (method `messages`, parameters = the JSON body).
public final class FakeAnthropicMessagesAPI: LocalPlatformFake, ScriptedLLMFake {
    /// How the fake behaves.
    public typealias Configuration = LLMFakeConfiguration

    /// The behaviour this fake was created with.
    public let configuration: Configuration
    /// Every request received, in order.
    public let recorder = CallRecorder()
    public let server = FakeServerRunner()
    public let script: LLMFakeScript
    private let responder: LLMFakeResponder

    /// Creates a fake; nothing listens until `start()`.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.script = LLMFakeScript(defaultAnswer: configuration.defaultAnswer)
        self.responder = LLMFakeResponder(method: "messages", recorder: recorder, script: script, configuration: configuration)
    }

    public func buildRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("v1/messages") { request, _ in
            try await self.handle(request)
        }
        return router
    }

    private func handle(_ request: Request) async throws -> Response {
        let started = ContinuousClock.now
        let incoming = try await FakeLLMRequest.read(request)
        let (answer, sequence) = await script.next()
        return await respond(to: incoming, answer: answer, sequence: sequence, started: started)
    }

    private func respond(to incoming: FakeLLMRequest, answer: LLMFakeAnswer, sequence: Int, started: ContinuousClock.Instant)
        async -> Response
    {
        if let key = configuration.apiKey, incoming.headers["x-api-key"] != key {
            return await responder.finish(
                incoming, started: started, responder.json(AnthropicFakeWire.error(type: "authentication_error", message: "invalid x-api-key"), status: 401))
        }
        if let problem = validate(incoming) {
            return await responder.finish(
                incoming, started: started, responder.json(AnthropicFakeWire.error(type: "invalid_request_error", message: problem), status: 400))
        }
        let id = "msg_fake\(sequence)"
        let model = incoming.model
        switch answer {
        case .delayed(let delay, let inner):
            try? await Task.sleep(for: delay)
            return await respond(to: incoming, answer: inner, sequence: sequence, started: started)
        case .rateLimited(let retryAfter):
            var response = responder.json(
                AnthropicFakeWire.error(type: "rate_limit_error", message: "Number of request tokens has exceeded your per-minute rate limit"),
                status: 429)
            if let retryAfter { response.headers[HTTPField.Name("retry-after")!] = retryAfter }
            return await responder.finish(incoming, started: started, response)
        case .serverError(let status):
            let type = status == 529 ? "overloaded_error" : "api_error"
            return await responder.finish(
                incoming, started: started, responder.json(AnthropicFakeWire.error(type: type, message: "Internal server error"), status: status))
        case .malformedBody(let body):
            return await responder.finish(
                incoming, started: started, responder.raw(body, contentType: incoming.wantsStream ? "text/event-stream" : "application/json"))
        case .truncatedStream(let text):
            return await responder.stream(
                incoming, started: started,
                events: AnthropicFakeWire.stream(id: id, model: model, text: text, toolUse: nil, inputTokens: 1, outputTokens: 1, complete: false))
        case .text(let text, let inputTokens, let outputTokens):
            if incoming.wantsStream {
                return await responder.stream(
                    incoming, started: started,
                    events: AnthropicFakeWire.stream(id: id, model: model, text: text, toolUse: nil, inputTokens: inputTokens, outputTokens: outputTokens))
            }
            return await responder.finish(
                incoming, started: started,
                responder.json(AnthropicFakeWire.message(id: id, model: model, text: text, toolUse: nil, inputTokens: inputTokens, outputTokens: outputTokens)))
        case .toolCall(let name, let arguments, let callID, let text):
            let callID = callID ?? "toolu_fake\(sequence)"
            if incoming.wantsStream {
                return await responder.stream(
                    incoming, started: started,
                    events: AnthropicFakeWire.stream(
                        id: id, model: model, text: text, toolUse: (callID, name, arguments), inputTokens: 20, outputTokens: 9))
            }
            let input = (try? JSONValue.decode(Data(arguments.utf8))) ?? .object([:])
            return await responder.finish(
                incoming, started: started,
                responder.json(AnthropicFakeWire.message(id: id, model: model, text: text, toolUse: (callID, name, input), inputTokens: 20, outputTokens: 9)))
        }
    }

    /// The checks the real API makes that a client can get wrong: the version header,
    /// `max_tokens`, non-empty `messages` with user/assistant roles only, and every
    /// `tool_result` answering a `tool_use` of the assistant turn just before it.
    private func validate(_ incoming: FakeLLMRequest) -> String? {
        guard incoming.headers["anthropic-version"] != nil else { return "anthropic-version: header is required" }
        guard let body = incoming.json else { return "Request body is not valid JSON" }
        guard body["max_tokens"]?.int64Value != nil else { return "max_tokens: Field required" }
        guard case .array(let messages)? = body["messages"], !messages.isEmpty else { return "messages: Field required" }
        var previousToolUseIDs: Set<String> = []
        for (index, message) in messages.enumerated() {
            let role = message["role"]?.scalarText
            guard role == "user" || role == "assistant" else {
                return "messages.\(index).role: Input should be 'user' or 'assistant'"
            }
            var toolUseIDs: Set<String> = []
            if case .array(let blocks)? = message["content"] {
                for block in blocks {
                    switch block["type"]?.scalarText {
                    case "tool_use":
                        if let id = block["id"]?.scalarText { toolUseIDs.insert(id) }
                        guard case .object? = block["input"] else { return "messages.\(index): tool_use.input must be an object" }
                    case "tool_result":
                        guard role == "user", let id = block["tool_use_id"]?.scalarText, previousToolUseIDs.contains(id) else {
                            return "messages.\(index): unexpected `tool_use_id` found in `tool_result` blocks"
                        }
                    case "text":
                        if block["text"]?.scalarText?.isEmpty ?? true { return "messages.\(index): text content blocks must be non-empty" }
                    default:
                        break
                    }
                }
            }
            previousToolUseIDs = toolUseIDs
        }
        return nil
    }
}
