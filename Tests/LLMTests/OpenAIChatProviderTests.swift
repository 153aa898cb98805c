import Foundation
import LLM
import LLMFakes
import PlatformFakes
import Testing

@Suite struct OpenAIChatProviderTests {
    let weather = LLMToolDefinition(
        name: "get_weather", description: "Current weather in a city",
        parameters: ["type": .string("object"), "properties": ["city": ["type": .string("string")]], "required": ["city"]])

    @Test func nonStreamingTextWithBearerKey() async throws {
        try await FakeServers.withOpenAI(.init(apiKey: "sk-test"), apiKey: "sk-test") { fake, configuration in
            await fake.enqueue(.text("Hello there.", inputTokens: 21, outputTokens: 4))
            let provider = configuration.makeProvider()
            let response = try await provider.complete(
                LLMRequest(model: "gpt-test", messages: [.system("Be kind."), .user("Hi")], maxTokens: 50, temperature: 0.2))
            #expect(response.text == "Hello there.")
            #expect(response.finishReason == .stop)
            #expect(response.usage == LLMUsage(inputTokens: 21, outputTokens: 4))
            #expect(response.model == "gpt-test")
            let call = try #require(await fake.recorder.calls.first)
            #expect(call.path == "/v1/chat/completions")
            #expect(call.headers["authorization"] == "Bearer sk-test")
            #expect(call.parameters["model"] == .string("gpt-test"))
            #expect(call.parameters["max_tokens"] == .integer(50))
            #expect(call.parameters["stream"] == .bool(false))
            #expect(call.parameters["messages"] == .array([
                .object(["role": .string("system"), "content": .string("Be kind.")]), .object(["role": .string("user"), "content": .string("Hi")]),
            ]))
        }
    }

    @Test func streamingTextArrivesInDeltasWithUsage() async throws {
        try await FakeServers.withOpenAI { fake, configuration in
            await fake.enqueue(.text("The quick brown fox jumps.", inputTokens: 9, outputTokens: 6))
            let (events, error) = await FakeServers.collect(
                configuration.makeProvider().stream(LLMRequest(model: "m", messages: [.user("Tell me")])))
            #expect(error == nil)
            let deltas = events.filter { if case .textDelta = $0 { return true } else { return false } }
            #expect(deltas.count == 5)
            #expect(FakeServers.text(of: events) == "The quick brown fox jumps.")
            #expect(events.contains(.usage(LLMUsage(inputTokens: 9, outputTokens: 6))))
            let response = try #require(FakeServers.done(in: events))
            #expect(response.text == "The quick brown fox jumps.")
            #expect(response.finishReason == .stop)
            #expect(response.id == "chatcmpl-fake1")
            let call = try #require(await fake.recorder.calls.first)
            #expect(call.parameters["stream"] == .bool(true))
            #expect(call.parameters["stream_options"] == .object(["include_usage": .bool(true)]))
        }
    }

    @Test func streamedToolCallIsAssembledFromFragments() async throws {
        try await FakeServers.withOpenAI { fake, configuration in
            await fake.enqueue(.toolCall(name: "get_weather", arguments: #"{"city":"Paris","unit":"celsius"}"#, id: "call_42"))
            let (events, error) = await FakeServers.collect(
                configuration.makeProvider().stream(
                    LLMRequest(model: "m", messages: [.user("Weather in Paris?")], tools: [weather], toolChoice: .auto)))
            #expect(error == nil)
            let fragments = events.compactMap { event -> String? in
                if case .toolCallDelta(0, _, _, let fragment) = event { return fragment } else { return nil }
            }
            #expect(fragments.count > 3)
            let expected = LLMToolCall(id: "call_42", name: "get_weather", arguments: #"{"city":"Paris","unit":"celsius"}"#)
            #expect(events.contains(.toolCallCompleted(expected)))
            let response = try #require(FakeServers.done(in: events))
            #expect(response.toolCalls == [expected])
            #expect(response.finishReason == .toolCalls)
            #expect(try response.toolCalls[0].parsedArguments() == ["city": .string("Paris"), "unit": .string("celsius")])
            let call = try #require(await fake.recorder.calls.first)
            #expect(call.parameters["tool_choice"] == .string("auto"))
        }
    }

    @Test func toolResultRoundTripSendsEmptyStringContent() async throws {
        try await FakeServers.withOpenAI { fake, configuration in
            await fake.enqueue(.toolCall(name: "get_weather", arguments: #"{"city":"Oslo"}"#), .text("It is 3°C in Oslo."))
            let provider = configuration.makeProvider()
            var messages: [LLMMessage] = [.user("Weather in Oslo?")]
            let first = try await provider.complete(LLMRequest(model: "m", messages: messages, tools: [weather]))
            let call = try #require(first.toolCalls.first)
            #expect(first.text == "")
            messages.append(first.assistantMessage)
            messages.append(.toolResult(callID: call.id, content: #"{"temperature":3}"#))
            let second = try await provider.complete(LLMRequest(model: "m", messages: messages, tools: [weather]))
            #expect(second.text == "It is 3°C in Oslo.")
            let recorded = await fake.recorder.calls
            #expect(recorded.map(\.status) == [200, 200])
            guard case .array(let sent)? = recorded.last?.parameters["messages"] else {
                Issue.record("no messages sent")
                return
            }
            #expect(sent[1]["role"] == .string("assistant"))
            #expect(sent[1]["content"] == .string(""))
            #expect(sent[1]["tool_calls"] == .array([
                .object(["id": .string(call.id), "type": .string("function"), "function": .object(["name": .string("get_weather"), "arguments": .string(#"{"city":"Oslo"}"#)])])
            ]))
            #expect(sent[2] == .object(["role": .string("tool"), "tool_call_id": .string(call.id), "content": .string(#"{"temperature":3}"#)]))
        }
    }

    @Test func wrongKeyIsUnauthorized() async throws {
        try await FakeServers.withOpenAI(.init(apiKey: "sk-right"), apiKey: "sk-wrong") { _, configuration in
            await expectLLMError(.unauthorized) {
                try await configuration.makeProvider().complete(LLMRequest(model: "m", messages: [.user("x")]))
            }
        }
    }

    @Test func rateLimitCarriesRetryAfter() async throws {
        try await FakeServers.withOpenAI { fake, configuration in
            await fake.enqueue(.rateLimited(retryAfter: "7"))
            do {
                _ = try await configuration.makeProvider().complete(LLMRequest(model: "m", messages: [.user("x")]))
                Issue.record("expected a rate limit")
            } catch let error as LLMError {
                #expect(error.code == .rateLimited)
                #expect(error.retryAfter == .seconds(7))
                #expect(error.httpStatus == 429)
                #expect(error.provider == "openai-fake")
                #expect(error.message.contains("Rate limit reached"))
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test(arguments: [
        LLMFakeAnswer.malformedBody("{\"choices\": [ {\"message\": "),
        .malformedBody("<html>502 Bad Gateway</html>"),
        .malformedBody("{\"object\":\"chat.completion\"}"),
    ])
    func malformedBodiesAreClearErrors(answer: LLMFakeAnswer) async throws {
        try await FakeServers.withOpenAI { fake, configuration in
            await fake.enqueue(answer)
            await expectLLMError(.malformedResponse) {
                try await configuration.makeProvider().complete(LLMRequest(model: "m", messages: [.user("x")]))
            }
        }
    }

    @Test(arguments: [
        LLMFakeAnswer.malformedBody("data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\ndata: {broken\n\n"),
        .malformedBody("data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\n"),
        .truncatedStream("This answer never ends"),
    ])
    func malformedOrCutStreamsAreClearErrors(answer: LLMFakeAnswer) async throws {
        try await FakeServers.withOpenAI { fake, configuration in
            await fake.enqueue(answer)
            let (events, error) = await FakeServers.collect(
                configuration.makeProvider().stream(LLMRequest(model: "m", messages: [.user("x")])))
            #expect(error?.code == .malformedResponse)
            #expect(FakeServers.done(in: events) == nil)
        }
    }

    @Test func slowAnswerTimesOut() async throws {
        try await FakeServers.withOpenAI(requestTimeout: .milliseconds(300)) { fake, configuration in
            // The answer comes far later than the timeout, so a loaded machine (the whole suite runs in
            // parallel on two cores) cannot blur "gave up at the timeout" with "waited for the answer".
            await fake.enqueue(.delayed(.seconds(8), .text("late")))
            let started = ContinuousClock.now
            await expectLLMError(.timeout) {
                try await configuration.makeProvider().complete(LLMRequest(model: "m", messages: [.user("x")]))
            }
            #expect(ContinuousClock.now - started < .seconds(6))
        }
    }

    @Test func connectionRefusedFailsFastWithTheLLMHTTPClient() async throws {
        // A client that kept retrying a refused connection would give up only at its connect timeout.
        // That timeout is far beyond the bound below, so the bound can stay wide enough for a loaded
        // machine (the whole suite runs in parallel on two cores; alone this takes about 10 ms).
        let httpClient = LLMHTTPClient.make(connectTimeout: .seconds(40))
        let configuration = LLMProviderConfiguration(name: "nowhere", api: .openAICompatible, baseURL: "http://127.0.0.1:1")
        let started = ContinuousClock.now
        let error = await expectLLMError(.transport) {
            try await configuration.makeProvider(httpClient: httpClient).complete(LLMRequest(model: "m", messages: [.user("x")]))
        }
        #expect(error?.code.isRetryable == true)
        #expect(ContinuousClock.now - started < .seconds(20))
        try await httpClient.shutdown()
    }
}
