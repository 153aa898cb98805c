/// `agent.handoff_requested`: an agent put the conversation in the human queue (the person asked
/// for one, or the agent could not help). Until an operator closes the handoff, the agent stays
/// quiet in that conversation; operators answer through the control API.
public struct HandoffRequested: EventPayload {
    public static let eventType = "agent.handoff_requested"
    public static let schemaVersion = 1

    public var conversationID: ConversationID
    public var agentID: String
    /// Why, in words without personal data (`asked_for_human`, `low_confidence`…).
    public var reason: String

    public init(conversationID: ConversationID, agentID: String, reason: String) {
        self.conversationID = conversationID
        self.agentID = agentID
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case conversationID = "conversation_id"
        case agentID = "agent_id"
        case reason
    }
}
