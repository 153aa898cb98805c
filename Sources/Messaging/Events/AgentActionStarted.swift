/// `agent.action_started`: the action runner is about to perform an action (the marker before the
/// external effect). Found later without an outcome, it means the process stopped mid-action: the
/// outcome is unknown, and only actions safe to redo are redone. Its id derives from the action id.
public struct AgentActionStarted: EventPayload {
    public static let eventType = "agent.action_started"
    public static let schemaVersion = 1

    public var conversationID: ConversationID
    public var agentID: String
    public var actionID: String
    public var name: String
    /// The tool kind (`http`, `email`, `calendar`, `handoff`).
    public var kind: String

    public init(conversationID: ConversationID, agentID: String, actionID: String, name: String, kind: String) {
        self.conversationID = conversationID
        self.agentID = agentID
        self.actionID = actionID
        self.name = name
        self.kind = kind
    }

    enum CodingKeys: String, CodingKey {
        case conversationID = "conversation_id"
        case agentID = "agent_id"
        case actionID = "action_id"
        case name, kind
    }
}
