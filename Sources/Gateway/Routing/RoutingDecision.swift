import Messaging

/// What to do with one inbound message. Holds no message text or platform id, only agent and rule
/// ids, so it can be written to the log as is (see ``event(conversation:)``).
public enum RoutingDecision: Sendable, Hashable {
    /// The message goes to `agentID`; `ruleID` is the rule that matched, nil for a sticky
    /// conversation or the default agent.
    case routed(agentID: String, ruleID: String?, reason: RoutingReason, dmPolicy: DMPolicyOutcome)
    /// Recorded but answered by no agent: a group message without a mention (`not_mentioned`) or
    /// no rule and no default agent (`no_route`).
    case ignored(reason: RoutingReason, dmPolicy: DMPolicyOutcome)
    /// The DM policy refuses the sender (`not_allowlisted`); no agent, no reply.
    case refused(dmPolicy: DMPolicyOutcome)
    /// The sender must pair first: reply with `code`, which an operator approves.
    case pairingRequired(code: PairingCode)

    /// The agent the message goes to, if any.
    public var agentID: String? {
        if case .routed(let agentID, _, _, _) = self { return agentID }
        return nil
    }

    /// The rule that matched, if any.
    public var ruleID: String? {
        if case .routed(_, let ruleID, _, _) = self { return ruleID }
        return nil
    }

    public var reason: RoutingReason {
        switch self {
        case .routed(_, _, let reason, _), .ignored(let reason, _): reason
        case .refused, .pairingRequired: .dmPolicyRefused
        }
    }

    public var dmPolicyOutcome: DMPolicyOutcome {
        switch self {
        case .routed(_, _, _, let outcome), .ignored(_, let outcome), .refused(let outcome): outcome
        case .pairingRequired: .pairingRequired
        }
    }
}
