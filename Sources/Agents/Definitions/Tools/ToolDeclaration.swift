/// A tool an agent may use, declared in its definition with typed, validated settings; the gateway's
/// action runtime performs it, this module only describes it.
public struct ToolDeclaration: Sendable, Equatable {
    /// The name flows and intents use as their `action`.
    public var name: String
    public var settings: ToolSettings
    /// What the tool does, in words an LLM agent's model is given (`description:`); nil for a default.
    public var description: String?

    public init(name: String, settings: ToolSettings, description: String? = nil) {
        self.name = name
        self.settings = settings
        self.description = description
    }

    public var kind: ToolKind { settings.kind }

    /// The tool every agent has without declaring it: `action: handoff` puts the conversation in the human queue.
    public static let builtInHandoff = ToolDeclaration(name: "handoff", settings: .handoff(HandoffToolSettings()))
}
