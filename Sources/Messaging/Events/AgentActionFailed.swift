/// `agent.action_failed`: an action could not be performed, finally (after its retries). The reason
/// is a code without personal data (`host_not_allowed`, `timeout`, `smtp_rejected`,
/// `unknown_outcome_after_restart` …); `retryable` says whether trying later could succeed.
/// Its id derives from the action id.
public struct AgentActionFailed: EventPayload {
    public static let eventType = "agent.action_failed"
    public static let schemaVersion = 1

    public var conversationID: ConversationID
    public var agentID: String
    public var actionID: String
    public var name: String
    public var reason: String
    public var retryable: Bool
    public var attempts: Int
    /// A status code or reply code from the other side, when there was one (`503`, `550`).
    public var statusCode: Int?

    public init(
        conversationID: ConversationID, agentID: String, actionID: String, name: String, reason: String, retryable: Bool, attempts: Int,
        statusCode: Int? = nil
    ) {
        self.conversationID = conversationID
        self.agentID = agentID
        self.actionID = actionID
        self.name = name
        self.reason = reason
        self.retryable = retryable
        self.attempts = attempts
        self.statusCode = statusCode
    }

    enum CodingKeys: String, CodingKey {
        case conversationID = "conversation_id"
        case agentID = "agent_id"
        case actionID = "action_id"
        case name, reason, retryable, attempts
        case statusCode = "status_code"
    }
}
