/// `agent.limit_exceeded`: an agent run hit one of its limits (wall-clock, tool calls, output
/// length, runs per conversation per day, LLM tokens per day) and ended with a polite fallback
/// reply instead of its own.
public struct AgentLimitExceeded: EventPayload {
    public static let eventType = "agent.limit_exceeded"
    public static let schemaVersion = 1

    public var conversationID: ConversationID
    public var agentID: String
    /// The limit's key as written in the agent definition (`max_run_seconds`, `max_tool_calls`,
    /// `max_output_chars`, `runs_per_conversation_per_day`, `tokens_per_day`).
    public var limit: String
    /// The bound configured.
    public var bound: Double
    /// What the run reached (or would have reached) when it was stopped.
    public var observed: Double

    public init(conversationID: ConversationID, agentID: String, limit: String, bound: Double, observed: Double) {
        self.conversationID = conversationID
        self.agentID = agentID
        self.limit = limit
        self.bound = bound
        self.observed = observed
    }

    enum CodingKeys: String, CodingKey {
        case conversationID = "conversation_id"
        case agentID = "agent_id"
        case limit, bound, observed
    }
}
