import Foundation
import HTTPTypes
import Hummingbird
import JSONValues
import NIOCore
import PlatformFakes

/// A local stand-in for an OpenAI-compatible Chat Completions server speaking its wire
/// format: `POST /v1/chat/completions` answering a `chat.completion` JSON body or, with
/// `"stream": true`, `chat.completion.chunk` server-sent events ending in `data: [DONE]`
/// (with a usage chunk when `stream_options.include_usage` is set), tool calls streamed by
/// index, and OpenAI's `{"error":{…}}` bodies for 401/429/5xx. Like llama.cpp's server it
/// rejects an assistant message with `tool_calls` whose `content` is not a string (400).
/// Answers follow a script (`enqueue`), then `defaultAnswer`. Every call is recorded
/// (method `chat.completions`, parameters = the JSON body).
public final class FakeOpenAIChatAPI: LocalPlatformFake, ScriptedLLMFake {
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
        self.responder = LLMFakeResponder(method: "chat.completions", recorder: recorder, script: script, configuration: configuration)
    }

    public func buildRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("v1/chat/completions") { request, _ in
            try await self.handle(request)
        }
        return router
    }

    private func handle(_ request: Request) async throws -> Response {
        let started = ContinuousClock.now
        let incoming = try await FakeLLMRequest.read(request)
        let (answer, sequence) = await script.next()
        let response = await respond(to: incoming, answer: answer, sequence: sequence, started: started)
        return response
    }

    private func respond(to incoming: FakeLLMRequest, answer: LLMFakeAnswer, sequence: Int, started: ContinuousClock.Instant)
        async -> Response
    {
        if let key = configuration.apiKey, incoming.headers["authorization"] != "Bearer \(key)" {
            return await responder.finish(
                incoming, started: started,
                responder.json(OpenAIFakeWire.error(message: "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key"), status: 401))
        }
        if let problem = validate(incoming) {
            return await responder.finish(
                incoming, started: started, responder.json(OpenAIFakeWire.error(message: problem, type: "invalid_request_error", code: nil), status: 400))
        }
        let id = "chatcmpl-fake\(sequence)"
        let model = incoming.model
        let includeUsage = incoming.json?["stream_options"]?["include_usage"]?.boolValue == true
        switch answer {
        case .delayed(let delay, let inner):
            try? await Task.sleep(for: delay)
            return await respond(to: incoming, answer: inner, sequence: sequence, started: started)
        case .rateLimited(let retryAfter):
            var response = responder.json(
                OpenAIFakeWire.error(message: "Rate limit reached for requests", type: "requests", code: "rate_limit_exceeded"), status: 429)
            if let retryAfter { response.headers[HTTPField.Name("retry-after")!] = retryAfter }
            return await responder.finish(incoming, started: started, response)
        case .serverError(let status):
            return await responder.finish(
                incoming, started: started,
                responder.json(OpenAIFakeWire.error(message: "The server had an error while processing your request.", type: "server_error", code: nil), status: status))
        case .malformedBody(let body):
            return await responder.finish(
                incoming, started: started,
                responder.raw(body, contentType: incoming.wantsStream ? "text/event-stream" : "application/json"))
        case .truncatedStream(let text):
            let events = Array(
                OpenAIFakeWire.textStream(id: id, model: model, text: text, inputTokens: 1, outputTokens: 1, includeUsage: false)
                    .dropLast(2))
            return await responder.stream(incoming, started: started, events: events)
        case .text(let text, let inputTokens, let outputTokens):
            if incoming.wantsStream {
                return await responder.stream(
                    incoming, started: started,
                    events: OpenAIFakeWire.textStream(
                        id: id, model: model, text: text, inputTokens: inputTokens, outputTokens: outputTokens, includeUsage: includeUsage))
            }
            return await responder.finish(
                incoming, started: started,
                responder.json(OpenAIFakeWire.completion(id: id, model: model, text: text, toolCall: nil, inputTokens: inputTokens, outputTokens: outputTokens)))
        case .toolCall(let name, let arguments, let callID, let text):
            let callID = callID ?? "call_fake\(sequence)"
            if incoming.wantsStream {
                return await responder.stream(
                    incoming, started: started,
                    events: OpenAIFakeWire.toolCallStream(
                        id: id, model: model, text: text, callID: callID, name: name, arguments: arguments, includeUsage: includeUsage))
            }
            return await responder.finish(
                incoming, started: started,
                responder.json(OpenAIFakeWire.completion(
                    id: id, model: model, text: text.isEmpty ? nil : text, toolCall: (callID, name, arguments), inputTokens: 20, outputTokens: 9)))
        }
    }

    /// The checks a strict server (llama.cpp) makes: messages present; an assistant message
    /// with tool calls has string content; a tool message names its call.
    private func validate(_ incoming: FakeLLMRequest) -> String? {
        guard let body = incoming.json else { return "We could not parse the JSON body of your request." }
        guard case .array(let messages)? = body["messages"], !messages.isEmpty else { return "'messages' is a required property" }
        for (index, message) in messages.enumerated() {
            let role = message["role"]?.scalarText
            if role == "assistant", case .array? = message["tool_calls"] {
                guard case .string? = message["content"] else {
                    return "messages[\(index)]: assistant message with tool_calls must have string content"
                }
            }
            if role == "tool", message["tool_call_id"]?.scalarText == nil {
                return "messages[\(index)]: tool message without tool_call_id"
            }
        }
        return nil
    }
}
