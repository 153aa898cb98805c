import Privacy

/// `agent.action_requested`: an agent asked for an action (book an appointment, call an API, hand
/// off…). Its id is derived from the message that led to it, so a turn redone after a crash asks
/// for the same action id and the action runs at most once.
public struct AgentActionRequested: EventPayload {
    public static let eventType = "agent.action_requested"
    public static let schemaVersion = 1

    public var conversationID: ConversationID
    public var agentID: String
    public var actionID: String
    public var name: String
    /// The action's inputs (slot values) as JSON, sealed under the person's key.
    public var inputs: SealedField
    public var subjectID: String?
    /// True when the caller performs the action itself and waits for its outcome (an LLM agent's tool
    /// call); the action worker then leaves it alone. Absent in older events, meaning false.
    public var inline: Bool?

    public init(
        conversationID: ConversationID, agentID: String, actionID: String, name: String, inputs: SealedField, subjectID: String,
        inline: Bool? = nil
    ) {
        self.conversationID = conversationID
        self.agentID = agentID
        self.actionID = actionID
        self.name = name
        self.inputs = inputs
        self.subjectID = subjectID
        self.inline = inline
    }

    /// Whether the requester runs the action inline (see ``inline``).
    public var isInline: Bool { inline ?? false }

    enum CodingKeys: String, CodingKey {
        case conversationID = "conversation_id"
        case agentID = "agent_id"
        case actionID = "action_id"
        case name, inputs
        case subjectID = "subject_id"
        case inline
    }
}
