/// `routing.decided`: which agent handles a received message, and why. Written for every inbound
/// message, also when it goes to no agent (DM policy, group without a mention), so every decision can
/// be audited. Holds no personal data.
public struct RoutingDecided: EventPayload {
    public static let eventType = "routing.decided"
    public static let schemaVersion = 1

    public var conversationID: ConversationID
    /// The agent the message goes to; nil when it goes to none (see ``reason``).
    public var agentID: String?
    /// The configured routing rule that matched; nil when none did (a sticky conversation, the
    /// default agent, or a refusal).
    public var ruleID: String?
    public var reason: RoutingReason
    public var dmPolicyOutcome: DMPolicyOutcome

    public init(
        conversationID: ConversationID,
        agentID: String?,
        ruleID: String?,
        reason: RoutingReason,
        dmPolicyOutcome: DMPolicyOutcome
    ) {
        self.conversationID = conversationID
        self.agentID = agentID
        self.ruleID = ruleID
        self.reason = reason
        self.dmPolicyOutcome = dmPolicyOutcome
    }

    enum CodingKeys: String, CodingKey {
        case conversationID = "conversation_id"
        case agentID = "agent_id"
        case ruleID = "rule_id"
        case reason
        case dmPolicyOutcome = "dm_policy_outcome"
    }
}
