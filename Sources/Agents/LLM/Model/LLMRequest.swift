/// One request to a model: the conversation, the tools it may call and sampling limits.
/// The model name is the one the provider knows (`gpt-4o-mini`, `claude-3-5-haiku-latest`,
/// a llama.cpp alias); failover routes replace it per provider.
public struct LLMRequest: Sendable, Hashable, Codable {
    /// Provider-side model name.
    public var model: String
    /// The conversation, oldest first; system messages may appear anywhere but usually lead.
    public var messages: [LLMMessage]
    /// Tools the model may call.
    public var tools: [LLMToolDefinition]
    /// Tool policy; nil leaves it to the provider (auto when tools are given).
    public var toolChoice: LLMToolChoice?
    /// Most tokens to generate; Anthropic requires one, so providers fill in their default.
    public var maxTokens: Int?
    /// Sampling temperature; nil for the provider's default.
    public var temperature: Double?
    /// True to ask for a streamed answer (set by `stream` calls; `complete` ignores it).
    public var stream: Bool

    /// Creates a request.
    public init(
        model: String,
        messages: [LLMMessage],
        tools: [LLMToolDefinition] = [],
        toolChoice: LLMToolChoice? = nil,
        maxTokens: Int? = nil,
        temperature: Double? = nil,
        stream: Bool = false
    ) {
        self.model = model
        self.messages = messages
        self.tools = tools
        self.toolChoice = toolChoice
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.stream = stream
    }
}
