import Privacy

/// `agent.context_compacted`: an LLM agent's history outgrew its token budget, so the turns up to
/// `throughPosition` were summarised; the next run starts from this summary plus the later turns.
/// The summary is personal (it retells the conversation) and is sealed under the person's key.
public struct AgentContextCompacted: EventPayload {
    public static let eventType = "agent.context_compacted"
    public static let schemaVersion = 1

    public var conversationID: ConversationID
    public var agentID: String
    public var summary: SealedField
    /// The global position of the last message the summary covers.
    public var throughPosition: Int64
    /// How many messages were folded into the summary (besides an earlier summary).
    public var messagesSummarised: Int
    public var subjectID: String?

    public init(
        conversationID: ConversationID, agentID: String, summary: SealedField, throughPosition: Int64, messagesSummarised: Int,
        subjectID: String
    ) {
        self.conversationID = conversationID
        self.agentID = agentID
        self.summary = summary
        self.throughPosition = throughPosition
        self.messagesSummarised = messagesSummarised
        self.subjectID = subjectID
    }

    enum CodingKeys: String, CodingKey {
        case conversationID = "conversation_id"
        case agentID = "agent_id"
        case summary
        case throughPosition = "through_position"
        case messagesSummarised = "messages_summarised"
        case subjectID = "subject_id"
    }
}
