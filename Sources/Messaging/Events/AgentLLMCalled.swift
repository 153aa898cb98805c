import Privacy

/// `agent.llm_called`: one call of an LLM agent to one provider route (a failover tried several
/// routes: one event each). Provider, model, tokens, latency and outcome are plain, so usage and
/// quotas can be counted; what was asked and answered is personal and stays sealed under the
/// person's key (unreadable once they are erased).
public struct AgentLLMCalled: EventPayload {
    public static let eventType = "agent.llm_called"
    public static let schemaVersion = 1

    public var conversationID: ConversationID
    public var agentID: String
    /// Why the agent called: `answer` (a turn, possibly after tool results) or `compaction`.
    public var purpose: String
    public var provider: String
    public var model: String
    public var inputTokens: Int
    public var outputTokens: Int
    public var latencyMilliseconds: Int64
    /// `succeeded`, `failed:<code>` or `skipped_circuit_open`.
    public var outcome: String
    public var attempts: Int
    public var streamed: Bool
    /// The messages sent (JSON), sealed; nil when nothing was sent.
    public var prompt: SealedField?
    /// The answer's text and tool calls (JSON), sealed; nil when the route did not answer.
    public var answer: SealedField?
    public var subjectID: String?

    public init(
        conversationID: ConversationID, agentID: String, purpose: String, provider: String, model: String, inputTokens: Int,
        outputTokens: Int, latencyMilliseconds: Int64, outcome: String, attempts: Int, streamed: Bool, prompt: SealedField?,
        answer: SealedField?, subjectID: String
    ) {
        self.conversationID = conversationID
        self.agentID = agentID
        self.purpose = purpose
        self.provider = provider
        self.model = model
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.latencyMilliseconds = latencyMilliseconds
        self.outcome = outcome
        self.attempts = attempts
        self.streamed = streamed
        self.prompt = prompt
        self.answer = answer
        self.subjectID = subjectID
    }

    enum CodingKeys: String, CodingKey {
        case conversationID = "conversation_id"
        case agentID = "agent_id"
        case purpose, provider, model
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case latencyMilliseconds = "latency_ms"
        case outcome, attempts, streamed, prompt, answer
        case subjectID = "subject_id"
    }
}
