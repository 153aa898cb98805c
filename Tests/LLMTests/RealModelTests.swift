import Foundation
import LLM
import Testing

/// The real model server's base URL, from `SWITCHBOARD_LLM_URL`.
let realModelURL: String? = ProcessInfo.processInfo.environment["SWITCHBOARD_LLM_URL"].flatMap { $0.isEmpty ? nil : $0 }

/// A real conversation turn through a real OpenAI-compatible server — `make llm` serves
/// SmolLM2-135M-Instruct with llama-cpp-python on 127.0.0.1:8090. Skipped unless
/// `SWITCHBOARD_LLM_URL` is set (e.g. `SWITCHBOARD_LLM_URL=http://127.0.0.1:8090`). Checks the
/// shape of the answers, not their wisdom. The server answers one request at a time, so the
/// suite is serialized.
@Suite(.serialized, .enabled(if: realModelURL != nil, "set SWITCHBOARD_LLM_URL to run against a real model"))
struct RealModelTests {
    static var baseURL: String? { realModelURL }

    var model: String { ProcessInfo.processInfo.environment["SWITCHBOARD_LLM_MODEL"] ?? "SmolLM2-135M-Instruct" }

    var client: LLMFailoverClient {
        let configuration = LLMProviderConfiguration(
            name: "real-model", api: .openAICompatible, baseURL: Self.baseURL ?? "http://127.0.0.1:8090",
            apiKey: ProcessInfo.processInfo.environment["SWITCHBOARD_LLM_KEY"], requestTimeout: .seconds(180))
        return LLMFailoverClient(
            routes: [LLMRoute(provider: configuration.makeProvider(), model: model)],
            retryPolicy: LLMRetryPolicy(maximumAttempts: 2))
    }

    let weather = LLMToolDefinition(
        name: "get_weather", description: "Get the current weather for a city",
        parameters: [
            "type": "object", "properties": ["city": ["type": "string", "description": "The city name"]], "required": ["city"],
        ])

    @Test func streamingAnswerHasTextAndUsage() async throws {
        let request = LLMRequest(
            model: model,
            messages: [.system("You are a helpful assistant. Answer briefly."), .user("Say hello to Ada in one short sentence.")],
            maxTokens: 48, temperature: 0)
        var deltas = 0
        var text = ""
        var done: LLMResponse?
        var records: [LLMCallRecord] = []
        for try await event in client.stream(request) {
            switch event {
            case .textDelta(let piece):
                deltas += 1
                text += piece
            case .done(let response): done = response
            case .callRecorded(let record): records.append(record)
            default: break
            }
        }
        let response = try #require(done)
        #expect(deltas > 1, "a streamed answer arrives in several deltas")
        #expect(!response.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        #expect(response.text == text)
        #expect(response.finishReason != nil)
        // llama-cpp-python accepts stream_options.include_usage but sends no usage chunk; OpenAI does.
        if let usage = response.usage {
            #expect(usage.inputTokens > 0 && usage.outputTokens > 0)
        }
        #expect(records.count == 1 && records.first?.outcome == .succeeded)
        #expect(records.first?.streamed == true)
        print("real model streamed: \(response.text.debugDescription) usage=\(String(describing: response.usage)) latency=\(records.first?.latency ?? .zero)")
    }

    @Test func plainAnswerReportsUsageInTheRecord() async throws {
        let completion = try await client.complete(
            LLMRequest(model: model, messages: [.user("Name one colour.")], maxTokens: 16, temperature: 0))
        #expect(!completion.response.text.isEmpty)
        let usage = try #require(completion.response.usage)
        #expect(usage.inputTokens > 0 && usage.outputTokens > 0)
        let record = try #require(completion.records.first)
        #expect(record.inputTokens == usage.inputTokens && record.outputTokens == usage.outputTokens)
        #expect(record.latency > .zero && record.attempts == 1)
    }

    @Test func forcedToolCallReturnsArgumentsJSONAndTheResultRoundTrips() async throws {
        var messages: [LLMMessage] = [
            .system("You are a weather assistant. Use the get_weather tool."), .user("What is the weather in Paris?"),
        ]
        let completion = try await client.complete(
            LLMRequest(model: model, messages: messages, tools: [weather], toolChoice: .function("get_weather"), maxTokens: 96, temperature: 0))
        let call = try #require(completion.response.toolCalls.first, "a forced tool call must come back as tool_calls")
        #expect(call.name == "get_weather")
        #expect(!call.id.isEmpty)
        let arguments = try call.parsedArguments()
        guard case .object = arguments else {
            Issue.record("arguments should be a JSON object, got \(call.arguments)")
            return
        }
        print("real model tool call: \(call.name) \(call.arguments)")
        // Send the result back: the assistant message carries content "" (llama.cpp rejects null).
        messages.append(completion.response.assistantMessage)
        messages.append(.toolResult(callID: call.id, content: #"{"city":"Paris","temperature_c":18,"sky":"clear"}"#))
        let answer = try await client.complete(LLMRequest(model: model, messages: messages, tools: [weather], maxTokens: 64, temperature: 0))
        #expect(answer.records.first?.outcome == .succeeded)
        print("real model after tool result: \(answer.response.text.debugDescription) tool calls: \(answer.response.toolCalls.count)")
    }

    @Test func streamedForcedToolCallIsAssembled() async throws {
        // llama-cpp-python repeats the call's id and name in every delta; the assembler keeps one.
        var done: LLMResponse?
        var completed: [LLMToolCall] = []
        for try await event in client.stream(
            LLMRequest(
                model: model, messages: [.user("What is the weather in Oslo?")], tools: [weather],
                toolChoice: .function("get_weather"), maxTokens: 64, temperature: 0))
        {
            if case .toolCallCompleted(let call) = event { completed.append(call) }
            if case .done(let response) = event { done = response }
        }
        let response = try #require(done)
        let call = try #require(response.toolCalls.first)
        #expect(completed == response.toolCalls)
        #expect(call.name == "get_weather")
        guard case .object = try call.parsedArguments() else {
            Issue.record("arguments should be a JSON object, got \(call.arguments)")
            return
        }
        print("real model streamed tool call: \(call.name) \(call.arguments)")
    }
}
