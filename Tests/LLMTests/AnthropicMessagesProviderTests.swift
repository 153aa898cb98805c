import Foundation
import LLM
import LLMFakes
import PlatformFakes
import Testing

@Suite struct AnthropicMessagesProviderTests {
    let booking = LLMToolDefinition(
        name: "book_appointment", description: "Books an appointment",
        parameters: ["type": .string("object"), "properties": ["day": ["type": .string("string")], "time": ["type": .string("string")]], "required": ["day"]])

    @Test func nonStreamingTextSendsAnthropicHeadersAndTopLevelSystem() async throws {
        try await FakeServers.withAnthropic(.init(apiKey: "sk-ant-test")) { fake, configuration in
            await fake.enqueue(.text("Bonjour.", inputTokens: 30, outputTokens: 3))
            let response = try await configuration.makeProvider().complete(
                LLMRequest(model: "claude-test", messages: [.system("Answer in French."), .user("Hello")]))
            #expect(response.text == "Bonjour.")
            #expect(response.usage == LLMUsage(inputTokens: 30, outputTokens: 3))
            #expect(response.finishReason == .stop)
            let call = try #require(await fake.recorder.calls.first)
            #expect(call.path == "/v1/messages")
            #expect(call.headers["x-api-key"] == "sk-ant-test")
            #expect(call.headers["anthropic-version"] == "2023-06-01")
            #expect(call.headers["authorization"] == nil)
            #expect(call.parameters["system"] == .string("Answer in French."))
            #expect(call.parameters["max_tokens"] == .integer(1024))
        }
    }

    @Test func streamingTextArrivesInDeltasWithUsage() async throws {
        try await FakeServers.withAnthropic { fake, configuration in
            await fake.enqueue(.text("One two three four", inputTokens: 14, outputTokens: 4))
            let (events, error) = await FakeServers.collect(
                configuration.makeProvider().stream(LLMRequest(model: "c", messages: [.user("Count")])))
            #expect(error == nil)
            #expect(FakeServers.text(of: events) == "One two three four")
            #expect(events.contains(.usage(LLMUsage(inputTokens: 14, outputTokens: 4))))
            let response = try #require(FakeServers.done(in: events))
            #expect(response.id == "msg_fake1")
            #expect(response.usage == LLMUsage(inputTokens: 14, outputTokens: 4))
            #expect(await fake.recorder.calls.first?.parameters["stream"] == .bool(true))
        }
    }

    @Test func streamedToolUseIsAssembledFromInputJSONDeltas() async throws {
        try await FakeServers.withAnthropic { fake, configuration in
            await fake.enqueue(
                .toolCall(name: "book_appointment", arguments: #"{"day":"friday","time":"15:00"}"#, id: "toolu_7", text: "Booking now."))
            let (events, error) = await FakeServers.collect(
                configuration.makeProvider().stream(
                    LLMRequest(model: "c", messages: [.user("Friday 3pm please")], tools: [booking], toolChoice: .function("book_appointment"))))
            #expect(error == nil)
            let expected = LLMToolCall(id: "toolu_7", name: "book_appointment", arguments: #"{"day":"friday","time":"15:00"}"#)
            #expect(events.contains(.toolCallCompleted(expected)))
            let response = try #require(FakeServers.done(in: events))
            #expect(response.text == "Booking now.")
            #expect(response.toolCalls == [expected])
            #expect(response.finishReason == .toolCalls)
            let call = try #require(await fake.recorder.calls.first)
            #expect(call.parameters["tool_choice"] == .object(["type": .string("tool"), "name": .string("book_appointment")]))
        }
    }

    @Test func toolResultRoundTripAnswersTheToolUse() async throws {
        try await FakeServers.withAnthropic { fake, configuration in
            await fake.enqueue(.toolCall(name: "book_appointment", arguments: #"{"day":"monday"}"#), .text("Booked for Monday."))
            let provider = configuration.makeProvider()
            var messages: [LLMMessage] = [.system("You book appointments."), .user("Monday?")]
            let first = try await provider.complete(LLMRequest(model: "c", messages: messages, tools: [booking]))
            let call = try #require(first.toolCalls.first)
            messages.append(first.assistantMessage)
            messages.append(.toolResult(callID: call.id, content: "booked: #A12"))
            let second = try await provider.complete(LLMRequest(model: "c", messages: messages, tools: [booking]))
            #expect(second.text == "Booked for Monday.")
            let recorded = await fake.recorder.calls
            #expect(recorded.map(\.status) == [200, 200])
            guard case .array(let sent)? = recorded.last?.parameters["messages"] else {
                Issue.record("no messages")
                return
            }
            try #require(sent.count == 3)
            #expect(sent[1]["content"] == .array([
                .object(["type": .string("tool_use"), "id": .string(call.id), "name": .string("book_appointment"), "input": .object(["day": .string("monday")])])
            ]))
            #expect(sent[2] == .object([
                "role": .string("user"),
                "content": .array([.object(["type": .string("tool_result"), "tool_use_id": .string(call.id), "content": .string("booked: #A12")])]),
            ]))
        }
    }

    @Test func toolResultForAnUnknownCallIsABadRequest() async throws {
        try await FakeServers.withAnthropic { _, configuration in
            let error = await expectLLMError(.badRequest) {
                try await configuration.makeProvider().complete(
                    LLMRequest(model: "c", messages: [.user("x"), .toolResult(callID: "toolu_missing", content: "?")]))
            }
            #expect(error?.httpStatus == 400)
            #expect(error?.message.contains("tool_use_id") == true)
        }
    }

    @Test func overloadedIsUnavailableAndRateLimitReadsRetryAfter() async throws {
        try await FakeServers.withAnthropic { fake, configuration in
            await fake.enqueue(.serverError(status: 529), .rateLimited(retryAfter: "4"))
            let provider = configuration.makeProvider()
            let overloaded = await expectLLMError(.unavailable) {
                try await provider.complete(LLMRequest(model: "c", messages: [.user("x")]))
            }
            #expect(overloaded?.message.contains("overloaded_error") == true)
            let limited = await expectLLMError(.rateLimited) {
                try await provider.complete(LLMRequest(model: "c", messages: [.user("x")]))
            }
            #expect(limited?.retryAfter == .seconds(4))
        }
    }

    @Test func errorEventMidStreamIsThrown() async throws {
        try await FakeServers.withAnthropic { fake, configuration in
            let stream = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"c\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"
                + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"
            await fake.enqueue(.malformedBody(stream))
            let (_, error) = await FakeServers.collect(configuration.makeProvider().stream(LLMRequest(model: "c", messages: [.user("x")])))
            #expect(error?.code == .unavailable)
        }
    }

    @Test(arguments: [
        LLMFakeAnswer.malformedBody("event: message_start\ndata: not-json\n\n"),
        .malformedBody("event: content_block_delta\ndata: {\"type\":\"content_block_delta\"}\n\n"),
        .truncatedStream("cut here"),
    ])
    func malformedOrCutStreamsAreClearErrors(answer: LLMFakeAnswer) async throws {
        try await FakeServers.withAnthropic { fake, configuration in
            await fake.enqueue(answer)
            let (events, error) = await FakeServers.collect(configuration.makeProvider().stream(LLMRequest(model: "c", messages: [.user("x")])))
            #expect(error?.code == .malformedResponse)
            #expect(FakeServers.done(in: events) == nil)
        }
    }

    @Test func malformedMessageBodyIsAClearError() async throws {
        try await FakeServers.withAnthropic { fake, configuration in
            await fake.enqueue(.malformedBody(#"{"type":"message","content":"oops"}"#))
            await expectLLMError(.malformedResponse) {
                try await configuration.makeProvider().complete(LLMRequest(model: "c", messages: [.user("x")]))
            }
        }
    }
}
