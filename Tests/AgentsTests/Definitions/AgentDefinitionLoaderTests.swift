import Agents
import Foundation
import Testing

struct AgentDefinitionLoaderTests {
    let loader = AgentDefinitionLoader()

    static let minimal = """
        id: demo
        pattern: task
        time_zone: Europe/Paris
        intents:
          - name: greet
            examples: [hi, hello]
          - name: book
            examples: [book a table]
            patterns: ['\\bbook\\b']
        flows:
          - intent: book
            slots:
              - name: when
                kind: datetime
                prompt: When?
                validation: {future: true, hours: [9, 18], weekdays: [1, 2, 3, 4, 5]}
            confirmation: "Book {{slots.when}}?"
            completion: Booked.
            action: book_table
        tools:
          - name: book_table
            kind: http
            settings:
              method: POST
              url: "https://api.example.com/tables?at={{slots.when}}"
              allowed_hosts: [api.example.com]
              body: {when: "{{slots.when}}", seats: 2}
              response: {reference: booking.id}
        limits: {max_tool_calls: 2}
        """

    @Test func readsAFullDefinition() throws {
        let definition = try loader.parse(yaml: Self.minimal, file: "demo.yaml")
        #expect(definition.id == "demo")
        #expect(definition.pattern == .task && definition.provider == .rules)
        #expect(definition.timeZone.identifier == "Europe/Paris")
        #expect(definition.intents.map(\.name) == ["greet", "book"])
        #expect(definition.flows.first?.slots.first?.validation == SlotValidation(future: true, hours: 9...18, weekdays: [1, 2, 3, 4, 5]))
        #expect(definition.limits.maxToolCalls == 2)
        #expect(definition.limits.maxOutputChars == AgentLimits().maxOutputChars)
    }

    func failure(_ yaml: String) -> AgentDefinitionError? {
        do {
            _ = try loader.parse(yaml: yaml, file: "agents/bad.yaml")
            return nil
        } catch {
            return error as? AgentDefinitionError
        }
    }

    @Test func namesFileKeyPathAndReason() throws {
        let bad = Self.minimal.replacingOccurrences(of: "examples: [book a table]", with: "examples: book a table")
        let error = try #require(failure(bad))
        #expect(error.file == "agents/bad.yaml")
        #expect(error.keyPath == "intents[1].examples")
        #expect(error.code == .wrongType)
        #expect(error.description.contains("agents/bad.yaml") && error.description.contains("intents[1].examples") && error.description.contains("expected a list"))
    }

    @Test(arguments: [
        ("pattern: task", "pattern: chatty", "pattern"),
        ("time_zone: Europe/Paris", "time_zone: Mars/Olympus", "time_zone"),
        ("  - name: greet\n    examples: [hi, hello]", "  - name: greet\n    exmaples: [hi, hello]", "intents[0].exmaples"),
        ("patterns: ['\\bbook\\b']", "patterns: ['(unclosed']", "intents[1].patterns[0]"),
        ("  - intent: book", "  - intent: order", "flows[0].intent"),
        ("hours: [9, 18]", "hours: [18, 9]", "flows[0].slots[0].validation.hours"),
        ("{max_tool_calls: 2}", "{max_tool_calls: 0}", "limits.max_tool_calls"),
        ("confirmation: \"Book {{slots.when}}?\"", "confirmation: \"Book {{#slots.when}}?\"", "flows[0].confirmation"),
        ("id: demo", "id: Demo Agent", "id"),
        ("  - name: greet\n    examples: [hi, hello]", "  - name: book\n    examples: [hi, hello]", "intents[1].name"),
    ])
    func rejectsInvalidDefinitions(_ original: String, _ replacement: String, _ keyPath: String) throws {
        let yaml = Self.minimal.replacingOccurrences(of: original, with: replacement)
        #expect(yaml != Self.minimal, "the test must change the document")
        let error = try #require(failure(yaml), "\(keyPath)")
        #expect(error.keyPath == keyPath)
        #expect(!error.reason.isEmpty)
    }

    @Test func reportsMissingKeysAndBadYAML() throws {
        let missing = try #require(failure("pattern: task\nintents: []"))
        #expect(missing.keyPath == "id" && missing.code == .missingKey)
        let broken = try #require(failure("id: [unclosed"))
        #expect(broken.code == .invalidYAML)
    }

    @Test func folderLoadingRejectsDuplicateIDs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("agents-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.minimal.write(to: folder.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        #expect(try loader.loadFolder(folder).map(\.id) == ["demo"])
        try Self.minimal.write(to: folder.appendingPathComponent("b.yml"), atomically: true, encoding: .utf8)
        let error = try #require(throws: AgentDefinitionError.self) { try loader.loadFolder(folder) }
        #expect(error.code == .duplicateID && error.file.hasSuffix("b.yml") && error.keyPath == "id")
    }

    @Test func demoAgentsLoad() {
        #expect(DemoAgents.definitions.map(\.id) == ["appointments", "assistant", "faq"])
        let intents = Set(DemoAgents.appointments.definition.intents.map(\.name))
        #expect(intents == ["book", "reschedule", "cancel", "list", "greet", "thanks", "handoff", "out_of_scope"])
        #expect(DemoAgents.faq.definition.faq.count >= 6)
    }
}

struct LLMAgentDefinitionTests {
    static let llm = """
        id: helper
        pattern: conversational
        provider: anthropic
        models: [cloud/claude-haiku, local/smollm2]
        system_prompt: Be brief.
        llm: {context_tokens: 3000, max_tokens: 300, temperature: 0.2, stream: false}
        """

    @Test func readsTheLLMSection() throws {
        let definition = try AgentDefinitionLoader().parse(yaml: Self.llm, file: "helper.yaml")
        #expect(definition.provider == .anthropic && definition.models == ["cloud/claude-haiku", "local/smollm2"])
        #expect(definition.llm == LLMSettings(contextTokens: 3000, maxTokens: 300, temperature: 0.2, stream: false))
        #expect(definition.intents.isEmpty, "an LLM agent needs no intents")
    }

    @Test(arguments: [
        ("models: [cloud/claude-haiku, local/smollm2]", "models: []", "models"),
        ("system_prompt: Be brief.", "system_prompt: ''", "system_prompt"),
        ("max_tokens: 300", "max_tokens: 3000", "llm.max_tokens"),
        ("temperature: 0.2", "temperature: 7", "llm.temperature"),
        ("stream: false", "stream: false, top_k: 3", "llm.top_k"),
        ("context_tokens: 3000", "context_tokens: 8", "llm.context_tokens"),
    ])
    func rejectsInvalidLLMSettings(_ original: String, _ replacement: String, _ keyPath: String) throws {
        let yaml = Self.llm.replacingOccurrences(of: original, with: replacement)
        #expect(yaml != Self.llm)
        do {
            _ = try AgentDefinitionLoader().parse(yaml: yaml, file: "agents/helper.yaml")
            Issue.record("accepted: \(replacement)")
        } catch let error as AgentDefinitionError {
            #expect(error.keyPath == keyPath && error.file == "agents/helper.yaml", "\(error)")
        }
    }
}

struct AgentDefinitionDetailsTests {
    @Test func readsToolsFAQChoicesAndLimitsOfTheDemoAgents() throws {
        let appointments = DemoAgents.appointments.definition
        #expect(appointments.tools.map(\.name) == ["book_appointment", "reschedule_appointment", "cancel_appointment", "list_appointments", "handoff"])
        guard case .calendar(let book) = appointments.tools[0].settings else { Issue.record("book_appointment is a calendar tool"); return }
        #expect(book.target == .caldav(profile: "studio") && book.startSlot == "when" && book.durationMinutes == 45)
        guard case .http(let list) = appointments.tools[3].settings else { Issue.record("list_appointments is an http tool"); return }
        #expect(list.method == "GET" && list.allowedHosts.contains("127.0.0.1") && list.response["appointments_count"] == "count")
        #expect(appointments.limits == AgentLimits(maxRunSeconds: 5, maxToolCalls: 3, maxOutputChars: 1000, runsPerConversationPerDay: 200, tokensPerDay: 100_000))
        let service = try #require(appointments.flow(for: "book")?.slots.first)
        #expect(service.kind == .choice && service.options.map(\.value) == ["haircut", "colour", "beard trim", "consultation"])
        #expect(appointments.confidence.fallbackIntent == "out_of_scope")
        let faq = DemoAgents.faq.definition
        #expect(faq.pattern == .conversational)
        #expect(faq.recognisedIntents.contains { $0.name == "faq.parking" && $0.reply == faq.faq.first { $0.id == "parking" }?.answer })
    }

    @Test func longRepliesAreCutAtTheOutputLimit() {
        var definition = DemoAgents.appointments.definition
        definition.limits.maxOutputChars = 20
        let agent = RulesAgent(definition: definition, recognizer: DemoAgents.appointments.recognizer)
        let decision = agent.respond(to: AgentTurn(messageID: "m", text: "hello"), state: FlowState(), now: DemoAgents.now)
        #expect(decision.replies.map(\.count).reduce(0, +) <= 20)
        #expect(decision.replies.first?.hasSuffix("…") == true)
    }
}
