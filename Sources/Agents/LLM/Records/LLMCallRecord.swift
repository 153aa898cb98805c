/// What the agent runtime records as an `agent.llm_called` event for one provider route of a
/// call: which provider and model, tokens, latency, outcome and how many HTTP attempts it
/// took. It holds no prompt or answer text, so it can be stored in plaintext.
public struct LLMCallRecord: Sendable, Hashable, Codable {
    /// The provider's configured name (e.g. `openai`, `anthropic`, `local-llama`).
    public var provider: String
    /// The model asked for.
    public var model: String
    /// Prompt tokens reported by the provider (0 when it did not answer).
    public var inputTokens: Int
    /// Generated tokens reported by the provider.
    public var outputTokens: Int
    /// Wall-clock time from the first attempt until the answer (or the last failure), retries
    /// and back-off waits included.
    public var latency: Duration
    /// How the route ended.
    public var outcome: LLMCallOutcome
    /// HTTP attempts made (0 when the breaker was open).
    public var attempts: Int
    /// True when the answer was streamed.
    public var streamed: Bool
    /// Position of the route in the failover list (0 = first choice).
    public var routeIndex: Int

    /// Creates a record.
    public init(
        provider: String, model: String, inputTokens: Int, outputTokens: Int, latency: Duration,
        outcome: LLMCallOutcome, attempts: Int, streamed: Bool, routeIndex: Int
    ) {
        self.provider = provider
        self.model = model
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.latency = latency
        self.outcome = outcome
        self.attempts = attempts
        self.streamed = streamed
        self.routeIndex = routeIndex
    }

    /// Latency in whole milliseconds, as event payloads carry it.
    public var latencyMilliseconds: Int64 {
        let (seconds, attoseconds) = latency.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
