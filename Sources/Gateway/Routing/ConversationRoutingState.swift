/// What the read models know that routing needs: the agent the conversation is assigned to and
/// whether the sender is paired. The caller loads it; routing itself does no I/O.
public struct ConversationRoutingState: Sendable, Equatable {
    /// The agent the conversation sticks to until reassigned; nil when none is assigned yet.
    public var assignedAgentID: String?
    /// The sender's pairing status on the message's account.
    public var senderPairing: SenderPairingStatus

    public init(assignedAgentID: String? = nil, senderPairing: SenderPairingStatus = .unpaired) {
        self.assignedAgentID = assignedAgentID
        self.senderPairing = senderPairing
    }
}
