import Privacy

/// `agent.action_completed`: an action was performed. Its outputs (slots filled from the response,
/// such as a booking reference) are JSON sealed under the person's key. Its id derives from the action id.
public struct AgentActionCompleted: EventPayload {
    public static let eventType = "agent.action_completed"
    public static let schemaVersion = 1

    public var conversationID: ConversationID
    public var agentID: String
    public var actionID: String
    public var name: String
    /// Output slots as a JSON object of strings, sealed; nil when the action had no person to seal for.
    public var outputs: SealedField?
    /// How many attempts it took.
    public var attempts: Int
    public var subjectID: String?

    public init(
        conversationID: ConversationID, agentID: String, actionID: String, name: String, outputs: SealedField?, attempts: Int,
        subjectID: String?
    ) {
        self.conversationID = conversationID
        self.agentID = agentID
        self.actionID = actionID
        self.name = name
        self.outputs = outputs
        self.attempts = attempts
        self.subjectID = subjectID
    }

    enum CodingKeys: String, CodingKey {
        case conversationID = "conversation_id"
        case agentID = "agent_id"
        case actionID = "action_id"
        case name, outputs, attempts
        case subjectID = "subject_id"
    }
}
