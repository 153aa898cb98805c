import Foundation
import Testing

@testable import LLM

@Suite struct OpenAIWireTests {
    func encoded(_ request: LLMRequest, stream: Bool = false) throws -> LLMJSONValue {
        let data = try JSONEncoder().encode(OpenAIWireRequest(request, stream: stream, includeUsage: true))
        return try JSONDecoder().decode(LLMJSONValue.self, from: data)
    }

    @Test func assistantToolCallMessagesCarryEmptyStringContent() throws {
        let call = LLMToolCall(id: "call_1", name: "lookup", arguments: #"{"q":"x"}"#)
        let body = try encoded(
            LLMRequest(model: "m", messages: [.user("hi"), .assistant("", toolCalls: [call]), .toolResult(callID: "call_1", content: "42")]))
        guard case .array(let messages)? = body["messages"] else { Issue.record("no messages"); return }
        #expect(messages[1]["content"] == .string(""))
        #expect(messages[1]["tool_calls"] == [["id": "call_1", "type": "function", "function": ["name": "lookup", "arguments": #"{"q":"x"}"#]]])
        #expect(messages[2] == ["role": "tool", "tool_call_id": "call_1", "content": "42"])
    }

    @Test func toolChoiceAndStreamOptionsAreSpelledAsOpenAIExpects() throws {
        let tool = LLMToolDefinition(name: "lookup", description: "Looks up", parameters: ["type": "object"])
        var request = LLMRequest(model: "m", messages: [.user("hi")], tools: [tool], toolChoice: .function("lookup"), maxTokens: 5)
        var body = try encoded(request, stream: true)
        #expect(body["tool_choice"] == ["type": "function", "function": ["name": "lookup"]])
        #expect(body["stream_options"] == ["include_usage": true])
        #expect(body["max_tokens"] == 5)
        #expect(body["tools"] == [["type": "function", "function": ["name": "lookup", "description": "Looks up", "parameters": ["type": "object"]]]])
        request.toolChoice = .required
        body = try encoded(request)
        #expect(body["tool_choice"] == "required")
        #expect(body["stream_options"] == nil)
        #expect(body["temperature"] == nil)
    }

    @Test func completionDecodesTextToolCallsAndUsage() throws {
        let body = #"""
            {"id":"c1","model":"gpt","choices":[{"index":0,"message":{"role":"assistant","content":null,
             "tool_calls":[{"id":"call_9","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]},
             "finish_reason":"tool_calls"}],"usage":{"prompt_tokens":12,"completion_tokens":3}}
            """#
        let response = try OpenAIResponseDecoder.decode(Array(body.utf8), requestedModel: "m")
        #expect(response.text == "")
        #expect(response.toolCalls == [LLMToolCall(id: "call_9", name: "f", arguments: #"{"a":1}"#)])
        #expect(response.finishReason == .toolCalls)
        #expect(response.usage == LLMUsage(inputTokens: 12, outputTokens: 3))
    }

    @Test(arguments: ["", "not json", "{\"choices\":[]}", "[1,2]", "{\"choices\":[{\"message\":{\"tool_calls\":[{\"function\":{}}]}}]}"])
    func malformedCompletionsAreClearErrors(body: String) {
        #expect(throws: LLMError.self) {
            _ = try OpenAIResponseDecoder.decode(Array(body.utf8), requestedModel: "m")
        }
        do {
            _ = try OpenAIResponseDecoder.decode(Array(body.utf8), requestedModel: "m")
        } catch {
            #expect(error.code == .malformedResponse)
        }
    }

    @Test func streamAssemblesToolCallsByIndexAcrossChunks() throws {
        var assembler = OpenAIStreamAssembler(requestedModel: "m")
        let chunks = [
            #"{"id":"x","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"a","type":"function","function":{"name":"first","arguments":""}},{"index":1,"id":"b","function":{"name":"second","arguments":"{\"z\""}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"k\":"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":":2}"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"1}"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#,
            #"{"choices":[],"usage":{"prompt_tokens":4,"completion_tokens":6}}"#,
            "[DONE]",
        ]
        var events: [LLMStreamEvent] = []
        for chunk in chunks { events += try assembler.consume(ServerSentEvent(data: chunk)) }
        let first = LLMToolCall(id: "a", name: "first", arguments: #"{"k":1}"#)
        let second = LLMToolCall(id: "b", name: "second", arguments: #"{"z":2}"#)
        #expect(events.contains(.toolCallCompleted(first)))
        #expect(events.contains(.usage(LLMUsage(inputTokens: 4, outputTokens: 6))))
        guard case .done(let response)? = events.last else { Issue.record("no done"); return }
        #expect(response.toolCalls == [first, second])
        #expect(response.finishReason == .toolCalls)
        #expect(try response.toolCalls[0].parsedArguments() == ["k": 1])
    }

    @Test func streamWithoutDoneOrFinishReasonIsCutShort() throws {
        var assembler = OpenAIStreamAssembler(requestedModel: "m")
        _ = try assembler.consume(ServerSentEvent(data: #"{"choices":[{"index":0,"delta":{"content":"Hel"}}]}"#))
        #expect(throws: LLMError.self) { _ = try assembler.finish() }
    }

    @Test func streamErrorChunkIsClassified() {
        var assembler = OpenAIStreamAssembler(requestedModel: "m")
        do {
            _ = try assembler.consume(ServerSentEvent(data: #"{"error":{"type":"rate_limit_exceeded","message":"slow down"}}"#))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .rateLimited)
        }
    }

    @Test func baseURLWithV1IsNotDoubled() {
        let config = LLMProviderConfiguration(name: "x", api: .openAICompatible, baseURL: "https://api.openai.com/v1/")
        #expect(config.endpoint("/v1/chat/completions") == "https://api.openai.com/v1/chat/completions")
        let local = LLMProviderConfiguration(name: "y", api: .openAICompatible, baseURL: "http://127.0.0.1:8090")
        #expect(local.endpoint("/v1/chat/completions") == "http://127.0.0.1:8090/v1/chat/completions")
    }

    @Test func httpFailuresAreClassifiedByStatus() {
        let now = Date()
        func code(_ status: Int) -> LLMError.Code { HTTPFailureClassifier.classify(status: status, headers: [], body: [], now: now).code }
        #expect(code(429) == .rateLimited)
        #expect(code(500) == .unavailable)
        #expect(code(503) == .unavailable)
        #expect(code(529) == .unavailable)
        #expect(code(401) == .unauthorized)
        #expect(code(403) == .unauthorized)
        #expect(code(400) == .badRequest)
        #expect(code(422) == .badRequest)
        #expect(code(408) == .timeout)
        let limited = HTTPFailureClassifier.classify(
            status: 429, headers: [("retry-after", "7")], body: Array(#"{"error":{"type":"requests","message":"Rate limit"}}"#.utf8), now: now)
        #expect(limited.retryAfter == .seconds(7))
        #expect(limited.message.contains("Rate limit"))
    }
}
