import Foundation
import Testing

@testable import LLM

@Suite struct AnthropicWireTests {
    func encoded(_ request: LLMRequest, stream: Bool = false) throws -> LLMJSONValue {
        let data = try JSONEncoder().encode(try AnthropicWireRequest(request, stream: stream, defaultMaxTokens: 1024))
        return try JSONDecoder().decode(LLMJSONValue.self, from: data)
    }

    @Test func systemIsTopLevelAndToolTurnsBecomeBlocks() throws {
        let call = LLMToolCall(id: "toolu_1", name: "lookup", arguments: #"{"q":"x"}"#)
        let body = try encoded(
            LLMRequest(
                model: "claude", messages: [
                    .system("Be brief."), .user("hi"), .assistant("Let me check.", toolCalls: [call]),
                    .toolResult(callID: "toolu_1", content: "42"), .toolResult(callID: "toolu_2", content: "boom", isError: true),
                    .user("thanks"),
                ], toolChoice: .required))
        #expect(body["system"] == "Be brief.")
        #expect(body["max_tokens"] == 1024)
        #expect(body["tool_choice"] == ["type": "any"])
        #expect(body["stream"] == nil)
        #expect(body["messages"] == [
            ["role": "user", "content": [["type": "text", "text": "hi"]]],
            ["role": "assistant", "content": [
                ["type": "text", "text": "Let me check."],
                ["type": "tool_use", "id": "toolu_1", "name": "lookup", "input": ["q": "x"]],
            ]],
            ["role": "user", "content": [
                ["type": "tool_result", "tool_use_id": "toolu_1", "content": "42"],
                ["type": "tool_result", "tool_use_id": "toolu_2", "content": "boom", "is_error": true],
                ["type": "text", "text": "thanks"],
            ]],
        ])
    }

    @Test func toolChoiceForOneFunctionAndToolsUseInputSchema() throws {
        let tool = LLMToolDefinition(name: "book", description: "Books", parameters: ["type": "object"])
        let body = try encoded(LLMRequest(model: "c", messages: [.user("x")], tools: [tool], toolChoice: .function("book"), maxTokens: 9), stream: true)
        #expect(body["tool_choice"] == ["type": "tool", "name": "book"])
        #expect(body["tools"] == [["name": "book", "description": "Books", "input_schema": ["type": "object"]]])
        #expect(body["max_tokens"] == 9)
        #expect(body["stream"] == true)
    }

    @Test func historyToolCallWithInvalidArgumentsIsABadRequest() {
        let call = LLMToolCall(id: "t", name: "f", arguments: "{not json")
        #expect(throws: LLMError.self) {
            _ = try encoded(LLMRequest(model: "c", messages: [.user("x"), .assistant("", toolCalls: [call])]))
        }
    }

    @Test func messageDecodesTextAndToolUse() throws {
        let body = #"""
            {"id":"msg_1","type":"message","role":"assistant","model":"claude","content":[{"type":"text","text":"On it."},
             {"type":"tool_use","id":"toolu_9","name":"book","input":{"day":"friday"}}],"stop_reason":"tool_use",
             "usage":{"input_tokens":30,"output_tokens":12,"cache_read_input_tokens":5}}
            """#
        let response = try AnthropicResponseDecoder.decode(Array(body.utf8), requestedModel: "c")
        #expect(response.text == "On it.")
        #expect(response.toolCalls == [LLMToolCall(id: "toolu_9", name: "book", arguments: #"{"day":"friday"}"#)])
        #expect(response.finishReason == .toolCalls)
        #expect(response.usage == LLMUsage(inputTokens: 35, outputTokens: 12))
    }

    @Test func streamEventsAssembleTextToolUseAndUsage() throws {
        var assembler = AnthropicStreamAssembler(requestedModel: "c")
        let events: [(String, String)] = [
            ("message_start", #"{"type":"message_start","message":{"id":"msg_1","model":"claude","usage":{"input_tokens":25,"output_tokens":1}}}"#),
            ("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#),
            ("ping", #"{"type":"ping"}"#),
            ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Sure"}}"#),
            ("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
            ("content_block_start", #"{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"book","input":{}}}"#),
            ("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"day\": "}}"#),
            ("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\"fri\"}"}}"#),
            ("content_block_stop", #"{"type":"content_block_stop","index":1}"#),
            ("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":15}}"#),
            ("message_stop", #"{"type":"message_stop"}"#),
        ]
        var output: [LLMStreamEvent] = []
        for (type, data) in events { output += try assembler.consume(ServerSentEvent(type: type, data: data)) }
        let call = LLMToolCall(id: "toolu_1", name: "book", arguments: #"{"day": "fri"}"#)
        #expect(output.contains(.textDelta("Sure")))
        #expect(output.contains(.toolCallDelta(index: 0, id: "toolu_1", name: "book", argumentsFragment: "")))
        #expect(output.contains(.toolCallCompleted(call)))
        #expect(output.contains(.usage(LLMUsage(inputTokens: 25, outputTokens: 15))))
        guard case .done(let response)? = output.last else { Issue.record("no done"); return }
        #expect(response == LLMResponse(
            id: "msg_1", model: "claude", text: "Sure", toolCalls: [call], finishReason: .toolCalls,
            usage: LLMUsage(inputTokens: 25, outputTokens: 15)))
        #expect(assembler.isFinished)
    }

    @Test func errorEventIsClassifiedByType() {
        var assembler = AnthropicStreamAssembler(requestedModel: "c")
        do {
            _ = try assembler.consume(ServerSentEvent(type: "error", data: #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unavailable)
            #expect(error.message.contains("Overloaded"))
        }
    }

    @Test func outOfOrderOrBrokenEventsAreMalformed() {
        var assembler = AnthropicStreamAssembler(requestedModel: "c")
        #expect(throws: LLMError.self) {
            _ = try assembler.consume(ServerSentEvent(type: "content_block_delta", data: #"{"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"{"}}"#))
        }
        var second = AnthropicStreamAssembler(requestedModel: "c")
        #expect(throws: LLMError.self) { _ = try second.consume(ServerSentEvent(type: "message_start", data: "{oops")) }
        var third = AnthropicStreamAssembler(requestedModel: "c")
        #expect(throws: LLMError.self) { _ = try third.finish() }
    }
}
