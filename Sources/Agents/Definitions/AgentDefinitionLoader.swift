import Foundation
import Mustache
import Yams

/// Reads agent definitions from YAML: one document per agent, one file per agent in a folder.
/// Every problem is reported as an ``AgentDefinitionError`` naming the file, key path and reason.
public struct AgentDefinitionLoader: Sendable {
    public init() {}

    /// Every `*.yaml` / `*.yml` file in `folder`, parsed and checked; duplicate ids are rejected.
    public func loadFolder(_ folder: URL) throws -> [AgentDefinition] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw AgentDefinitionError(code: .unreadableFile, file: folder.path, keyPath: "", reason: "cannot list the folder: \(error.localizedDescription)")
        }
        var definitions: [AgentDefinition] = []
        var seen: [String: String] = [:]
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let file = folder.appendingPathComponent(name)
            let definition = try loadFile(file)
            if let first = seen[definition.id] {
                throw AgentDefinitionError(code: .duplicateID, file: file.path, keyPath: "id", reason: "agent id '\(definition.id)' is already defined in \(first)")
            }
            seen[definition.id] = file.path
            definitions.append(definition)
        }
        return definitions
    }

    public func loadFile(_ file: URL) throws -> AgentDefinition {
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw AgentDefinitionError(code: .unreadableFile, file: file.path, keyPath: "", reason: "cannot read the file: \(error.localizedDescription)")
        }
        return try parse(yaml: text, file: file.path)
    }

    /// Parses one definition from YAML text; `file` names it in errors.
    public func parse(yaml: String, file: String = "<string>") throws -> AgentDefinition {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw AgentDefinitionError(code: .invalidYAML, file: file, keyPath: "", reason: "the document is empty")
            }
            root = node
        } catch let error as AgentDefinitionError {
            throw error
        } catch {
            throw AgentDefinitionError(code: .invalidYAML, file: file, keyPath: "", reason: "not valid YAML: \(error)")
        }
        let document = DefinitionNode(node: root, path: "", file: file)
        var definition = try readDefinition(document)
        definition.source = file
        try check(definition, document)
        return definition
    }

    // MARK: - Reading

    private func readDefinition(_ node: DefinitionNode) throws -> AgentDefinition {
        try node.requireKeys(allowed: [
            "id", "name", "pattern", "provider", "models", "system_prompt", "time_zone", "date_order", "intents", "synonyms", "confidence",
            "entities", "flows", "templates", "faq", "tools", "limits", "llm", "monitor", "integration",
        ])
        let idNode = try node.required("id")
        let id = try idNode.nonEmptyString()
        guard id.range(of: #"^[a-z0-9][a-z0-9_\-]*$"#, options: .regularExpression) != nil else {
            throw idNode.error(.invalidValue, "'\(id)' must be lower-case letters, digits, '-' or '_'")
        }
        var definition = AgentDefinition(id: id)
        definition.name = try node.optional("name")?.nonEmptyString() ?? id
        definition.pattern = try node.required("pattern").enumeration(AgentPattern.self)
        definition.provider = try node.optional("provider")?.enumeration(AgentProvider.self) ?? .rules
        definition.models = try node.optional("models")?.strings() ?? []
        definition.systemPrompt = try node.optional("system_prompt")?.string()
        if let zoneNode = try node.optional("time_zone") {
            let name = try zoneNode.nonEmptyString()
            guard let zone = TimeZone(identifier: name) else { throw zoneNode.error(.invalidValue, "'\(name)' is not an IANA time zone") }
            definition.timeZone = zone
        }
        if let orderNode = try node.optional("date_order") {
            switch try orderNode.string() {
            case "day_first": definition.dayFirst = true
            case "month_first": definition.dayFirst = false
            case let other: throw orderNode.error(.invalidValue, "'\(other)' is not one of day_first | month_first")
            }
        }
        definition.intents = try node.optional("intents")?.elements().map(readIntent) ?? []
        if let synonyms = try node.optional("synonyms") {
            for (canonical, variants) in try synonyms.entries() {
                let words = try variants.strings()
                for (index, word) in words.enumerated() where TextFolding.fold(word).contains(" ") {
                    throw variants.error(.invalidValue, "'\(word)' must be a single word", at: "\(variants.path)[\(index)]")
                }
                definition.synonyms[canonical] = words
            }
        }
        if let confidence = try node.optional("confidence") { definition.confidence = try readConfidence(confidence) }
        definition.entities = try node.optional("entities")?.elements().map(readEntity) ?? []
        definition.flows = try node.optional("flows")?.elements().map(readFlow) ?? []
        if let templates = try node.optional("templates") {
            for (name, value) in try templates.entries() { definition.templates[name] = try value.string() }
        }
        definition.faq = try node.optional("faq")?.elements().map(readFAQ) ?? []
        definition.tools = try node.optional("tools")?.elements().map(readTool) ?? []
        if let limits = try node.optional("limits") { definition.limits = try readLimits(limits) }
        if let llm = try node.optional("llm") { definition.llm = try readLLMSettings(llm) }
        try readPatternSections(node, into: &definition)
        return definition
    }

    private func readIntent(_ node: DefinitionNode) throws -> IntentDefinition {
        try node.requireKeys(allowed: ["name", "examples", "phrases", "patterns", "keywords", "reply", "action", "handoff"])
        let intent = IntentDefinition(
            name: try node.required("name").nonEmptyString(),
            examples: try node.optional("examples")?.strings() ?? [],
            phrases: try node.optional("phrases")?.strings() ?? [],
            patterns: try node.optional("patterns")?.strings() ?? [],
            keywords: try node.optional("keywords")?.strings() ?? [],
            reply: try node.optional("reply")?.string(),
            action: try node.optional("action")?.nonEmptyString(),
            handoff: try node.optional("handoff")?.bool() ?? false
        )
        if intent.examples.isEmpty && intent.phrases.isEmpty && intent.patterns.isEmpty && intent.keywords.isEmpty {
            throw node.error(.invalidValue, "an intent needs examples, phrases, patterns or keywords", at: "\(node.path).examples")
        }
        for (index, pattern) in intent.patterns.enumerated() {
            try checkRegex(pattern, node: node, path: "\(node.path).patterns[\(index)]")
        }
        return intent
    }

    private func readConfidence(_ node: DefinitionNode) throws -> ConfidencePolicy {
        try node.requireKeys(allowed: ["threshold", "below", "fallback_intent"])
        var policy = ConfidencePolicy()
        if let thresholdNode = try node.optional("threshold") {
            let threshold = try thresholdNode.double()
            guard (0...1).contains(threshold) else { throw thresholdNode.error(.invalidValue, "must lie between 0 and 1, got \(threshold)") }
            policy.threshold = threshold
        }
        policy.below = try node.optional("below")?.enumeration(LowConfidenceBehaviour.self) ?? .clarify
        policy.fallbackIntent = try node.optional("fallback_intent")?.nonEmptyString()
        return policy
    }

    private func readEntity(_ node: DefinitionNode) throws -> EntityDefinition {
        try node.requireKeys(allowed: ["name", "kind", "pattern", "options"])
        let kind = try node.required("kind").enumeration(EntityKind.self)
        var entity = EntityDefinition(name: try node.required("name").nonEmptyString(), kind: kind)
        if let patternNode = try node.optional("pattern") {
            let pattern = try patternNode.nonEmptyString()
            try checkRegex(pattern, node: patternNode, path: patternNode.path)
            entity.pattern = pattern
        }
        if kind == .pattern && entity.pattern == nil { throw node.error(.missingKey, "a pattern entity needs a regular expression", at: "\(node.path).pattern") }
        entity.options = try node.optional("options")?.elements().map(readOption) ?? []
        if kind == .choice && entity.options.isEmpty { throw node.error(.missingKey, "a choice entity needs options", at: "\(node.path).options") }
        return entity
    }

    private func readOption(_ node: DefinitionNode) throws -> ChoiceOption {
        if case .scalar = node.node { return ChoiceOption(value: try node.nonEmptyString()) }
        try node.requireKeys(allowed: ["value", "synonyms"])
        return ChoiceOption(value: try node.required("value").nonEmptyString(), synonyms: try node.optional("synonyms")?.strings() ?? [])
    }

    private func readFlow(_ node: DefinitionNode) throws -> FlowDefinition {
        try node.requireKeys(allowed: ["intent", "slots", "confirmation", "completion", "action"])
        return FlowDefinition(
            intent: try node.required("intent").nonEmptyString(),
            slots: try node.optional("slots")?.elements().map(readSlot) ?? [],
            confirmation: try node.optional("confirmation")?.nonEmptyString(),
            completion: try node.required("completion").nonEmptyString(),
            action: try node.optional("action")?.nonEmptyString()
        )
    }

    private func readSlot(_ node: DefinitionNode) throws -> SlotDefinition {
        try node.requireKeys(allowed: ["name", "kind", "prompt", "invalid_prompt", "required", "validation", "entity", "pattern", "options"])
        let kind = try node.required("kind").enumeration(EntityKind.self)
        var slot = SlotDefinition(name: try node.required("name").nonEmptyString(), kind: kind, prompt: try node.required("prompt").nonEmptyString())
        slot.invalidPrompt = try node.optional("invalid_prompt")?.nonEmptyString()
        slot.required = try node.optional("required")?.bool() ?? true
        slot.entity = try node.optional("entity")?.nonEmptyString()
        if let patternNode = try node.optional("pattern") {
            let pattern = try patternNode.nonEmptyString()
            try checkRegex(pattern, node: patternNode, path: patternNode.path)
            slot.pattern = pattern
        }
        slot.options = try node.optional("options")?.elements().map(readOption) ?? []
        if kind == .choice && slot.options.isEmpty { throw node.error(.missingKey, "a choice slot needs options", at: "\(node.path).options") }
        if let validation = try node.optional("validation") { slot.validation = try readValidation(validation) }
        return slot
    }

    private func readValidation(_ node: DefinitionNode) throws -> SlotValidation {
        try node.requireKeys(allowed: ["future", "require_time", "minimum", "maximum", "hours", "weekdays"])
        var validation = SlotValidation()
        validation.future = try node.optional("future")?.bool() ?? false
        validation.requireTime = try node.optional("require_time")?.bool() ?? false
        validation.minimum = try node.optional("minimum")?.double()
        validation.maximum = try node.optional("maximum")?.double()
        if let hoursNode = try node.optional("hours") {
            let hours = try hoursNode.elements().map { try $0.int() }
            guard hours.count == 2, hours[0] >= 0, hours[1] <= 24, hours[0] < hours[1] else {
                throw hoursNode.error(.invalidValue, "expected [opening hour, closing hour] within 0…24, e.g. [9, 18]")
            }
            validation.hours = hours[0]...hours[1]
        }
        if let weekdaysNode = try node.optional("weekdays") {
            let days = try weekdaysNode.elements().map { try $0.int() }
            guard !days.isEmpty, days.allSatisfy({ (1...7).contains($0) }) else {
                throw weekdaysNode.error(.invalidValue, "expected days 1 (Monday) … 7 (Sunday)")
            }
            validation.weekdays = Set(days)
        }
        return validation
    }

    private func readFAQ(_ node: DefinitionNode) throws -> FAQEntry {
        try node.requireKeys(allowed: ["id", "question", "answer", "paraphrases", "keywords"])
        return FAQEntry(
            id: try node.required("id").nonEmptyString(),
            question: try node.required("question").nonEmptyString(),
            answer: try node.required("answer").nonEmptyString(),
            paraphrases: try node.optional("paraphrases")?.strings() ?? [],
            keywords: try node.optional("keywords")?.strings() ?? []
        )
    }

    private func readLLMSettings(_ node: DefinitionNode) throws -> LLMSettings {
        try node.requireKeys(allowed: ["context_tokens", "max_tokens", "temperature", "stream"])
        var settings = LLMSettings()
        func tokens(_ key: String) throws -> Int? {
            guard let child = try node.optional(key) else { return nil }
            let value = try child.int()
            guard value >= 16 else { throw child.error(.invalidValue, "must be at least 16") }
            return value
        }
        settings.contextTokens = try tokens("context_tokens") ?? settings.contextTokens
        settings.maxTokens = try tokens("max_tokens") ?? settings.maxTokens
        if let child = try node.optional("temperature") {
            let value = try child.double()
            guard (0...2).contains(value) else { throw child.error(.invalidValue, "must be between 0 and 2") }
            settings.temperature = value
        }
        settings.stream = try node.optional("stream")?.bool() ?? settings.stream
        return settings
    }

    private func readLimits(_ node: DefinitionNode) throws -> AgentLimits {
        try node.requireKeys(allowed: ["max_run_seconds", "max_tool_calls", "max_output_chars", "runs_per_conversation_per_day", "tokens_per_day"])
        var limits = AgentLimits()
        func positive<T: Comparable & Numeric>(_ key: String, _ read: (DefinitionNode) throws -> T) throws -> T? {
            guard let child = try node.optional(key) else { return nil }
            let value = try read(child)
            guard value > 0 else { throw child.error(.invalidValue, "must be greater than zero") }
            return value
        }
        limits.maxRunSeconds = try positive("max_run_seconds") { try $0.double() } ?? limits.maxRunSeconds
        limits.maxToolCalls = try positive("max_tool_calls") { try $0.int() } ?? limits.maxToolCalls
        limits.maxOutputChars = try positive("max_output_chars") { try $0.int() } ?? limits.maxOutputChars
        limits.runsPerConversationPerDay = try positive("runs_per_conversation_per_day") { try $0.int() } ?? limits.runsPerConversationPerDay
        limits.tokensPerDay = try positive("tokens_per_day") { try $0.int() } ?? limits.tokensPerDay
        return limits
    }

    // MARK: - Cross-checks

    private func checkRegex(_ pattern: String, node: DefinitionNode, path: String) throws {
        do {
            _ = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        } catch {
            throw node.error(.invalidValue, "not a valid regular expression: \(pattern)", at: path)
        }
    }

    private func check(_ definition: AgentDefinition, _ document: DefinitionNode) throws {
        let file = document.file
        func fail(_ path: String, _ reason: String, _ code: AgentDefinitionError.Code = .invalidValue) -> AgentDefinitionError {
            AgentDefinitionError(code: code, file: file, keyPath: path, reason: reason)
        }
        var names: Set<String> = []
        for (index, intent) in definition.recognisedIntents.enumerated() {
            let path = index < definition.intents.count ? "intents[\(index)].name" : "faq[\(index - definition.intents.count)].id"
            guard names.insert(intent.name).inserted else { throw fail(path, "intent '\(intent.name)' is declared twice", .duplicateID) }
        }
        if definition.provider != .rules {
            guard !definition.models.isEmpty else { throw fail("models", "an LLM agent needs at least one model", .missingKey) }
            guard definition.systemPrompt?.isEmpty == false else { throw fail("system_prompt", "an LLM agent needs a system prompt", .missingKey) }
            guard definition.llm.maxTokens < definition.llm.contextTokens else {
                throw fail("llm.max_tokens", "must be smaller than llm.context_tokens (\(definition.llm.contextTokens))")
            }
        }
        if definition.provider == .rules && definition.recognisedIntents.isEmpty && !definition.pattern.watchesEvents {
            throw fail("intents", "a rules agent needs at least one intent or FAQ entry", .missingKey)
        }
        if let fallback = definition.confidence.fallbackIntent, !names.contains(fallback) {
            throw fail("confidence.fallback_intent", "no intent is named '\(fallback)'")
        }
        var flowIntents: Set<String> = []
        for (index, flow) in definition.flows.enumerated() {
            guard names.contains(flow.intent) else { throw fail("flows[\(index)].intent", "no intent is named '\(flow.intent)'") }
            guard flowIntents.insert(flow.intent).inserted else { throw fail("flows[\(index)].intent", "intent '\(flow.intent)' already has a flow", .duplicateID) }
            for (slotIndex, slot) in flow.slots.enumerated() where slot.kind == .pattern && slot.pattern == nil {
                let entityName = slot.entity ?? slot.name
                guard definition.entities.contains(where: { $0.name == entityName && $0.kind == .pattern }) else {
                    throw fail("flows[\(index)].slots[\(slotIndex)]", "a pattern slot needs a pattern or a pattern entity named '\(entityName)'")
                }
            }
            try checkTemplate(flow.confirmation, "flows[\(index)].confirmation", file)
            try checkTemplate(flow.completion, "flows[\(index)].completion", file)
            for (slotIndex, slot) in flow.slots.enumerated() {
                try checkTemplate(slot.prompt, "flows[\(index)].slots[\(slotIndex)].prompt", file)
                try checkTemplate(slot.invalidPrompt, "flows[\(index)].slots[\(slotIndex)].invalid_prompt", file)
            }
        }
        for (name, template) in definition.templates { try checkTemplate(template, "templates.\(name)", file) }
        for (index, intent) in definition.intents.enumerated() { try checkTemplate(intent.reply, "intents[\(index)].reply", file) }
        var toolNames: Set<String> = []
        for (index, tool) in definition.tools.enumerated() where !toolNames.insert(tool.name).inserted {
            throw fail("tools[\(index)].name", "tool '\(tool.name)' is declared twice", .duplicateID)
        }
        try checkActions(definition, file: file)
    }

    private func checkTemplate(_ template: String?, _ path: String, _ file: String) throws {
        guard let template else { return }
        do {
            _ = try MustacheTemplate(string: template)
        } catch {
            throw AgentDefinitionError(code: .invalidValue, file: file, keyPath: path, reason: "not a valid Mustache template: \(error)")
        }
    }
}
