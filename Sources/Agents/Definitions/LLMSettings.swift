/// How an LLM agent (provider `openai` or `anthropic`) talks to its model: the `llm` section of
/// its definition. The models themselves are the definition's `models`, in failover order.
public struct LLMSettings: Sendable, Equatable {
    /// Tokens of conversation history (system prompt and summary included) sent with a turn;
    /// older turns beyond it are summarised into an `agent.context_compacted` event.
    public var contextTokens: Int
    /// Most tokens the model may generate per call.
    public var maxTokens: Int
    /// Sampling temperature; nil for the provider's default.
    public var temperature: Double?
    /// Whether answers are streamed (and cut off as soon as they pass `limits.max_output_chars`).
    public var stream: Bool

    public init(contextTokens: Int = 2_000, maxTokens: Int = 400, temperature: Double? = nil, stream: Bool = true) {
        self.contextTokens = contextTokens
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.stream = stream
    }
}
