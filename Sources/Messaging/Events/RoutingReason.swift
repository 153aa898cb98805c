/// Why routing chose the agent it chose (or none). Extensible: a stored value this build does not
/// know still decodes.
public struct RoutingReason: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// A configured rule matched (its id is in ``RoutingDecided/ruleID``).
    public static let ruleMatched = RoutingReason(rawValue: "rule_matched")
    /// The conversation was already assigned to the agent.
    public static let conversationSticky = RoutingReason(rawValue: "conversation_sticky")
    /// No rule matched; the configured default agent takes it.
    public static let defaultAgent = RoutingReason(rawValue: "default_agent")
    /// The sender's DM policy keeps the message from any agent (see ``RoutingDecided/dmPolicyOutcome``).
    public static let dmPolicyRefused = RoutingReason(rawValue: "dm_policy_refused")
    /// A group message that does not address the bot, in a group where it only answers when addressed.
    public static let notMentioned = RoutingReason(rawValue: "not_mentioned")
    /// No rule matched and no default agent is configured.
    public static let noRoute = RoutingReason(rawValue: "no_route")
    /// The message opted out of further messages (`STOP`): recorded, answered by no agent.
    public static let optedOut = RoutingReason(rawValue: "opted_out")

    public var description: String { rawValue }
}
