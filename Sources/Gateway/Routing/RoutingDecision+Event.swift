import Messaging

extension RoutingDecision {
    /// The `routing.decided` event for this decision in `conversation`. A pairing code is not part of
    /// it: the event records that pairing was required, not the code.
    public func event(conversation: ConversationID) -> RoutingDecided {
        RoutingDecided(
            conversationID: conversation,
            agentID: agentID,
            ruleID: ruleID,
            reason: reason,
            dmPolicyOutcome: dmPolicyOutcome
        )
    }
}
