import Agents
import EventLog
import Foundation
import GatewayServer
import JSONValues
import LLM
import LLMFakes
import Messaging
import PlatformFakes
import Postgres
import Testing

/// LLM agents in the gateway, against a local fake speaking OpenAI's Chat Completions wire
/// format: a turn answered and recorded, tools called, limits, context compaction.
@Suite(.serialized) struct LLMAgentTests {
    static func definition(
        limits: AgentLimits = AgentLimits(), llm: LLMSettings = LLMSettings(), templates: [String: String] = [:],
        systemPrompt: String = "You are the Studio Nord assistant. Be brief."
    ) -> AgentDefinition {
        AgentDefinition(
            id: "assistant", pattern: .conversational, provider: .openai, models: ["fake/gpt-test"], systemPrompt: systemPrompt,
            templates: templates, tools: [ToolDeclaration.builtInHandoff], limits: limits, llm: llm)
    }

    /// A gateway routing every message to the LLM agent `definition`, whose provider is `fake`.
    static func start(
        _ hint: String, fake: FakeOpenAIChatAPI, definition: AgentDefinition, roles: Gateway.Roles = [.http, .agents, .delivery]
    ) async throws -> GatewayHarness {
        let url = try await fake.start()
        return try await GatewayHarness.start(hint, roles: roles, agents: [definition]) {
            $0.routing.defaultAgent = definition.id
            $0.llmProviders = [LLMProviderConfiguration(name: "fake", api: .openAICompatible, baseURL: url.absoluteString)]
        }
    }

    static func send(_ harness: GatewayHarness, _ text: String, _ id: Int64) async throws {
        try await harness.withClient { client in
            let response = try await client.execute(
                uri: "/webhooks/telegram/\(GatewayHarness.telegramAccount)", method: .post, headers: GatewayHarness.telegramHeaders,
                body: GatewayHarness.telegramUpdate(
                    id: id, TelegramUpdate.textMessage(text: text, messageID: id, chatID: 4141, userID: 4141, firstName: "Noor")))
            #expect(response.status == .ok)
        }
    }

    static func messages(of call: RecordedCall) -> [[String: JSONValue]] {
        guard case .array(let items)? = call.parameters["messages"] else { return [] }
        return items.compactMap { if case .object(let members) = $0 { members } else { nil } }
    }

    static func limitExceeded(_ harness: GatewayHarness) async throws -> AgentLimitExceeded {
        let event = try await harness.waitForEvent { $0.type == AgentLimitExceeded.eventType }
        return try EventPayloadCoding.decode(AgentLimitExceeded.self, from: event.payload)
    }

    @Test func aTurnIsAnsweredByTheModelAndEachCallIsRecordedWithItsTextSealed() async throws {
        let fake = FakeOpenAIChatAPI()
        await fake.enqueue(.text("We open at nine on weekdays.", inputTokens: 40, outputTokens: 8))
        let harness = try await Self.start("llmturn", fake: fake, definition: Self.definition())
        try await Self.send(harness, "When do you open on Mondays?", 1)

        let sent = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: 1, timeout: .seconds(30))
        #expect(sent[0].parameters["text"]?.stringValue == "We open at nine on weekdays.")
        let request = try #require(await fake.recorder.calls.first)
        #expect(request.parameters["model"] == .string("gpt-test"))
        #expect(request.parameters["stream"] == .bool(true))
        let messages = Self.messages(of: request)
        #expect(messages.first?["role"] == .string("system"))
        #expect(messages.first?["content"]?.stringValue?.hasPrefix("You are the Studio Nord assistant.") == true)
        #expect(messages.last == ["role": .string("user"), "content": .string("When do you open on Mondays?")])
        guard case .array(let tools)? = request.parameters["tools"] else { Issue.record("no tools offered"); return }
        #expect(tools.count == 1)

        let event = try await harness.waitForEvent { $0.type == AgentLLMCalled.eventType }
        let called = try EventPayloadCoding.decode(AgentLLMCalled.self, from: event.payload)
        #expect(called.provider == "fake" && called.model == "gpt-test" && called.outcome == "succeeded" && called.purpose == "answer")
        #expect(called.inputTokens == 40 && called.outputTokens == 8 && called.streamed && called.attempts == 1)
        #expect(called.prompt != nil && called.answer != nil)
        #expect(event.metadata["tokens"] == "48" && event.metadata["agent"] == "assistant")
        let stored = String(decoding: event.payload, as: UTF8.self)
        #expect(!stored.contains("Mondays") && !stored.contains("nine"), "prompt and answer are sealed")
        await harness.stop()
        await fake.stop()
    }

    @Test func aToolCallIsPerformedAndItsResultGoesBackToTheModel() async throws {
        let fake = FakeOpenAIChatAPI()
        await fake.enqueue(
            .toolCall(name: "handoff", arguments: #"{"reason":"complaint"}"#, id: "call_1"), .text("A colleague will take it from here."))
        let harness = try await Self.start("llmtool", fake: fake, definition: Self.definition())
        try await Self.send(harness, "I want to speak to the manager about my colour", 1)

        let sent = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: 1, timeout: .seconds(30))
        #expect(sent[0].parameters["text"]?.stringValue == "A colleague will take it from here.")
        let handoff = try await harness.waitForEvent { $0.type == HandoffRequested.eventType }
        #expect(try EventPayloadCoding.decode(HandoffRequested.self, from: handoff.payload).agentID == "assistant")
        let calls = await fake.recorder.calls
        try #require(calls.count == 2)
        let followUp = Self.messages(of: calls[1])
        #expect(followUp.contains { $0["role"] == .string("tool") && $0["tool_call_id"] == .string("call_1") })
        #expect(followUp.contains { $0["role"] == .string("assistant") && $0["tool_calls"] != nil })
        let recorded = try await harness.waitForEvents(count: 2) { $0.type == AgentLLMCalled.eventType }
        #expect(Set(recorded.map(\.id)).count == 2)
        await harness.stop()
        await fake.stop()
    }

    @Test func aDeclaredHTTPToolCalledByTheModelRunsInlineOnceAndItsResultGoesBack() async throws {
        let api = FakeHTTPAPI()
        let apiURL = try await api.start()
        api.respond(with: .json(.object(["price": .string("90 EUR")])))
        var definition = Self.definition()
        definition.tools.append(
            ToolDeclaration(
                name: "price_lookup",
                settings: .http(
                    HTTPToolSettings(
                        url: "http://127.0.0.1:\(apiURL.port ?? 0)/prices/{{slots.service}}", allowedHosts: ["127.0.0.1"],
                        response: ["price": "price"])),
                description: "Look up the price of a service."))
        let fake = FakeOpenAIChatAPI()
        await fake.enqueue(.toolCall(name: "price_lookup", arguments: #"{"service":"balayage"}"#, id: "call_p"), .text("Balayage is 90 EUR."))
        let harness = try await Self.start("llmhttp", fake: fake, definition: definition)
        try await Self.send(harness, "how much is balayage?", 1)

        let sent = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: 1, timeout: .seconds(30))
        #expect(sent[0].parameters["text"]?.stringValue == "Balayage is 90 EUR.")
        let call = try #require(await api.recorder.calls.first)
        #expect(call.path == "/prices/balayage" && call.headers["idempotency-key"] != nil)
        let requested = try await harness.waitForEvent { $0.type == AgentActionRequested.eventType }
        #expect(try EventPayloadCoding.decode(AgentActionRequested.self, from: requested.payload).inline == true)
        let completed = try await harness.waitForEvent { $0.type == AgentActionCompleted.eventType }
        #expect(try EventPayloadCoding.decode(AgentActionCompleted.self, from: completed.payload).name == "price_lookup")
        // The model was told the tool's parameters and, next, its result.
        let calls = await fake.recorder.calls
        guard case .array(let tools)? = calls[0].parameters["tools"] else { Issue.record("no tools"); return }
        #expect(tools.contains { "\($0)".contains("price_lookup") && "\($0)".contains("service") })
        let result = Self.messages(of: calls[1]).first { $0["role"] == .string("tool") }
        #expect(result?["content"]?.stringValue?.contains("90 EUR") == true)
        #expect(await api.recorder.calls.count == 1, "performed once")
        await harness.stop()
        await fake.stop()
        await api.stop()
    }

    @Test func anEmptyAnswerOrNoProviderStillGetsThePersonAReply() async throws {
        let fake = FakeOpenAIChatAPI()
        await fake.enqueue(.text(""), .serverError(status: 400))
        let harness = try await Self.start(
            "llmempty", fake: fake, definition: Self.definition(templates: ["unavailable": "Our assistant is away; we will reply soon."]))
        try await Self.send(harness, "hello?", 1)
        try await Self.send(harness, "anyone there?", 2)
        let sent = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: 2, timeout: .seconds(30))
        #expect(sent.compactMap { $0.parameters["text"]?.stringValue } == Array(repeating: "Our assistant is away; we will reply soon.", count: 2))
        let calls = try await harness.waitForEvents(count: 2) { $0.type == AgentLLMCalled.eventType }
        let outcomes = try calls.map { try EventPayloadCoding.decode(AgentLLMCalled.self, from: $0.payload).outcome }
        #expect(outcomes.first == "succeeded" && outcomes.last?.hasPrefix("failed:") == true, "\(outcomes)")
        await harness.stop()
        await fake.stop()
    }

    @Test func tooManyToolCallsEndTheRunWithTheFallback() async throws {
        let fake = FakeOpenAIChatAPI()
        await fake.enqueue(.toolCall(name: "handoff", arguments: "{}"), .toolCall(name: "handoff", arguments: "{}"), .text("never sent"))
        var limits = AgentLimits()
        limits.maxToolCalls = 1
        let harness = try await Self.start(
            "llmtoolcap", fake: fake, definition: Self.definition(limits: limits, templates: ["limit_exceeded": "Sorry Noor, a person will help."]))
        try await Self.send(harness, "please do many things", 1)
        let sent = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: 1, timeout: .seconds(30))
        #expect(sent[0].parameters["text"]?.stringValue == "Sorry Noor, a person will help.")
        let exceeded = try await Self.limitExceeded(harness)
        #expect(exceeded.limit == "max_tool_calls" && exceeded.bound == 1 && exceeded.observed == 2)
        #expect(await fake.recorder.calls.count == 2)
        await harness.stop()
        await fake.stop()
    }

    @Test func aStreamedAnswerPastTheOutputLimitIsCutOff() async throws {
        let fake = FakeOpenAIChatAPI()
        await fake.enqueue(.text(String(repeating: "words and more words ", count: 40)))
        var limits = AgentLimits()
        limits.maxOutputChars = 60
        let harness = try await Self.start("llmoutput", fake: fake, definition: Self.definition(limits: limits))
        try await Self.send(harness, "tell me everything", 1)
        let sent = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: 1, timeout: .seconds(30))
        #expect(sent[0].parameters["text"]?.stringValue == AgentLimitBreach.defaultFallback)
        let exceeded = try await Self.limitExceeded(harness)
        #expect(exceeded.limit == "max_output_chars" && exceeded.bound == 60 && exceeded.observed > 60 && exceeded.observed < 200)
        let called = try await harness.waitForEvent { $0.type == AgentLLMCalled.eventType }
        #expect(try EventPayloadCoding.decode(AgentLLMCalled.self, from: called.payload).outcome == "failed:output_limit")
        await harness.stop()
        await fake.stop()
    }

    @Test func theDailyTokenQuotaStopsFurtherCalls() async throws {
        let fake = FakeOpenAIChatAPI(configuration: .init(defaultAnswer: .text("Sure.", inputTokens: 20, outputTokens: 5)))
        var limits = AgentLimits()
        limits.tokensPerDay = 40
        let harness = try await Self.start("llmtokens", fake: fake, definition: Self.definition(limits: limits))
        for id in Int64(1)...3 {
            try await Self.send(harness, "question \(id)", id)
            _ = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: Int(id), timeout: .seconds(30))
        }
        let sent = await harness.telegram.recorder.calls(to: "sendMessage").compactMap { $0.parameters["text"]?.stringValue }
        #expect(sent == ["Sure.", "Sure.", AgentLimitBreach.defaultFallback])
        #expect(await fake.recorder.calls.count == 2, "the third turn never reaches the model")
        let exceeded = try await Self.limitExceeded(harness)
        #expect(exceeded.limit == "tokens_per_day" && exceeded.bound == 40 && exceeded.observed == 50)
        await harness.stop()
        await fake.stop()
    }

    @Test func aRunPastItsWallClockBoundIsStoppedAndRunsPerDayAreCapped() async throws {
        let fake = FakeOpenAIChatAPI(configuration: .init(defaultAnswer: .text("Quick answer.")))
        await fake.enqueue(.delayed(.seconds(8), .text("far too late")))
        var limits = AgentLimits()
        limits.maxRunSeconds = 2
        limits.runsPerConversationPerDay = 2
        let harness = try await Self.start("llmclock", fake: fake, definition: Self.definition(limits: limits))
        try await Self.send(harness, "slow question", 1)
        _ = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: 1, timeout: .seconds(30))
        let slow = try await Self.limitExceeded(harness)
        #expect(slow.limit == "max_run_seconds" && slow.bound == 2)
        try await Self.send(harness, "quick question", 2)
        try await Self.send(harness, "one more", 3)
        _ = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: 3, timeout: .seconds(30))
        let sent = await harness.telegram.recorder.calls(to: "sendMessage").compactMap { $0.parameters["text"]?.stringValue }
        #expect(sent == [AgentLimitBreach.defaultFallback, "Quick answer.", AgentLimitBreach.defaultFallback])
        let breaches = try await harness.waitForEvents(count: 2) { $0.type == AgentLimitExceeded.eventType }
        let runs = try EventPayloadCoding.decode(AgentLimitExceeded.self, from: breaches[1].payload)
        #expect(runs.limit == "runs_per_conversation_per_day" && runs.bound == 2 && runs.observed == 3)
        // Only the second turn's call completed and was recorded; the third never reached the model.
        let recorded = try await harness.allEvents().filter { $0.type == AgentLLMCalled.eventType }
        #expect(recorded.count == 1)
        await harness.stop()
        await fake.stop()
    }

    @Test func olderTurnsAreSummarisedIntoACompactionTheNextRunStartsFrom() async throws {
        let fake = FakeOpenAIChatAPI()
        let long1 = String(repeating: "a", count: 80), long2 = String(repeating: "b", count: 80)
        await fake.enqueue(
            .text(long1), .text(long2), .text("Noor asked about colour treatments."), .text("Balayage starts at 90 euros."))
        let definition = Self.definition(llm: LLMSettings(contextTokens: 64, maxTokens: 16), systemPrompt: "Be brief.")
        let harness = try await Self.start(
            "llmcompact", fake: fake, definition: definition, roles: [.http, .agents, .delivery, .projectors])
        for (id, text) in [(Int64(1), "hello there"), (2, "what colours"), (3, "and the price")] {
            try await Self.send(harness, text, id)
            _ = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: Int(id), timeout: .seconds(30))
            // The next turn's context comes from the read model: let it catch up with this turn.
            try await waitForReadModel(harness, messages: Int(id) * 2)
        }
        let calls = await fake.recorder.calls
        try #require(calls.count == 4)
        #expect(Self.messages(of: calls[1]).count == 4, "turn 2 fits: system, two earlier messages, the new one")
        #expect(Self.messages(of: calls[2]).first?["content"]?.stringValue?.hasPrefix("Summarise this customer conversation") == true)
        let answered = Self.messages(of: calls[3])
        #expect(answered.first?["content"]?.stringValue?.contains("Noor asked about colour treatments.") == true)
        #expect(answered.last == ["role": .string("user"), "content": .string("and the price")])
        #expect(!answered.contains { $0["content"]?.stringValue == long1 }, "summarised turns are not sent again")

        let event = try await harness.waitForEvent { $0.type == AgentContextCompacted.eventType }
        let compacted = try EventPayloadCoding.decode(AgentContextCompacted.self, from: event.payload)
        #expect(compacted.messagesSummarised == 3 && compacted.agentID == "assistant")
        #expect(!String(decoding: event.payload, as: UTF8.self).contains("colour"), "the summary is sealed")
        let purposes = try await harness.waitForEvents(count: 4) { $0.type == AgentLLMCalled.eventType }.map {
            try EventPayloadCoding.decode(AgentLLMCalled.self, from: $0.payload).purpose
        }
        #expect(purposes == ["answer", "answer", "compaction", "answer"])
        await harness.stop()
        await fake.stop()
    }

    func waitForReadModel(_ harness: GatewayHarness, messages: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            do {
                let result = try await harness.log.pool.query(
                    """
                    SELECT coalesce(max(n), 0)::bigint
                    FROM (SELECT count(*) AS n FROM projection_conversation_context.rm_conversation_messages GROUP BY conversation_id) AS windows
                    """)
                if try result[0].decode(Int64.self, at: 0) >= messages { return }
            } catch let error as PostgresError where error.sqlState == "42P01" {
                // The projector has not installed its tables yet.
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the conversation_context read model did not reach \(messages) messages")
    }

    @Test func modelsMustNameADeclaredProvider() throws {
        var configuration = GatewayConfiguration()
        #expect(throws: GatewayConfigurationError.self) {
            _ = try LLMAgentRoutes.resolve(Self.definition(), providers: configuration.llmProviders)
        }
        configuration.llmProviders = [LLMProviderConfiguration(name: "fake", api: .openAICompatible, baseURL: "http://127.0.0.1:1")]
        let routes = try LLMAgentRoutes.resolve(Self.definition(), providers: configuration.llmProviders)
        #expect(routes.map(\.model) == ["gpt-test"] && routes.map(\.provider.name) == ["fake"])
    }
}

/// A real conversation turn through the gateway and a real OpenAI-compatible model server
/// (`make llm`: SmolLM2-135M-Instruct on llama-cpp-python). Skipped unless `SWITCHBOARD_LLM_URL`
/// is set. Checks the shape of what happens, not the wisdom of the answer.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["SWITCHBOARD_LLM_URL"]?.isEmpty == false, "set SWITCHBOARD_LLM_URL"))
struct RealModelGatewayTests {
    @Test func aTurnThroughTheGatewayIsAnsweredByTheRealModel() async throws {
        let url = ProcessInfo.processInfo.environment["SWITCHBOARD_LLM_URL"]!
        var definition = LLMAgentTests.definition(llm: LLMSettings(contextTokens: 1500, maxTokens: 60, temperature: 0))
        definition.models = ["real/SmolLM2-135M-Instruct"]
        definition.limits.maxRunSeconds = 120
        let harness = try await GatewayHarness.start("llmreal", agents: [definition]) {
            $0.routing.defaultAgent = definition.id
            var provider = LLMProviderConfiguration(name: "real", api: .openAICompatible, baseURL: url, requestTimeout: .seconds(120))
            provider.requestStreamUsage = false
            $0.llmProviders = [provider]
        }
        try await LLMAgentTests.send(harness, "Hello! What are your opening hours?", 1)
        let sent = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: 1, timeout: .seconds(150))
        let reply = sent[0].parameters["text"]?.stringValue ?? ""
        #expect(!reply.isEmpty && reply != AgentLimitBreach.defaultFallback && !reply.hasPrefix("Sorry, I can't answer right now"), "\(reply)")
        let event = try await harness.waitForEvent { $0.type == AgentLLMCalled.eventType }
        let called = try EventPayloadCoding.decode(AgentLLMCalled.self, from: event.payload)
        #expect(called.provider == "real" && called.streamed && called.outcome == "succeeded" && called.latencyMilliseconds > 0)
        await harness.stop()
    }
}
