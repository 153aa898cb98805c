import Foundation

/// Everything an agent is, as declared in its YAML file: identity, provider, intents, entities,
/// flows, templates, FAQ, tools and limits; for the monitoring and integration patterns, their section.
public struct AgentDefinition: Sendable, Equatable {
    public var id: String
    public var name: String
    public var pattern: AgentPattern
    public var provider: AgentProvider
    public var models: [String]
    public var systemPrompt: String?
    /// The IANA time zone dates are resolved and shown in.
    public var timeZone: TimeZone
    /// Whether `05/06` means 5 June (day first) or May 6 when both readings are possible.
    public var dayFirst: Bool
    public var intents: [IntentDefinition]
    /// Words that mean the same to this agent, canonical word → other words (`move: [swap, shift]`); the classifier treats them alike.
    public var synonyms: [String: [String]]
    public var confidence: ConfidencePolicy
    public var entities: [EntityDefinition]
    public var flows: [FlowDefinition]
    /// Named Mustache templates (`greet`, `clarify`, `handoff`, `fallback` …).
    public var templates: [String: String]
    public var faq: [FAQEntry]
    public var tools: [ToolDeclaration]
    public var limits: AgentLimits
    /// How an LLM agent calls its model (ignored by rules agents).
    public var llm: LLMSettings
    /// The `monitor:` section of a `monitoring` agent.
    public var monitor: MonitorDefinition?
    /// The `integration:` section of an `integration` agent.
    public var integration: IntegrationDefinition?
    /// The file the definition was read from, if any.
    public var source: String?

    public init(
        id: String, name: String? = nil, pattern: AgentPattern = .task, provider: AgentProvider = .rules, models: [String] = [],
        systemPrompt: String? = nil, timeZone: TimeZone = TimeZone(identifier: "UTC")!, dayFirst: Bool = true,
        intents: [IntentDefinition] = [], synonyms: [String: [String]] = [:], confidence: ConfidencePolicy = ConfidencePolicy(), entities: [EntityDefinition] = [],
        flows: [FlowDefinition] = [], templates: [String: String] = [:], faq: [FAQEntry] = [], tools: [ToolDeclaration] = [],
        limits: AgentLimits = AgentLimits(), llm: LLMSettings = LLMSettings(), source: String? = nil
    ) {
        self.id = id
        self.name = name ?? id
        self.pattern = pattern
        self.provider = provider
        self.models = models
        self.systemPrompt = systemPrompt
        self.timeZone = timeZone
        self.dayFirst = dayFirst
        self.intents = intents
        self.synonyms = synonyms
        self.confidence = confidence
        self.entities = entities
        self.flows = flows
        self.templates = templates
        self.faq = faq
        self.tools = tools
        self.limits = limits
        self.llm = llm
        self.source = source
    }

    /// The intents the pipeline recognises: declared intents plus one per FAQ entry.
    public var recognisedIntents: [IntentDefinition] {
        intents
            + faq.map { entry in
                IntentDefinition(
                    name: entry.intentName, examples: [entry.question] + entry.paraphrases, keywords: entry.keywords, reply: entry.answer)
            }
    }

    /// The flow started by `intent`, if any.
    public func flow(for intent: String) -> FlowDefinition? {
        flows.first { $0.intent == intent }
    }
}
