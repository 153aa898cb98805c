import Messaging

/// An outbound message the analytics fold waits on for a delivery outcome.
public struct AnalyticsOutbound: Sendable, Equatable {
    public var conversationID: ConversationID
    public var channel: ChannelKind
    /// The conversation's agent when the message was queued.
    public var agentID: String?

    public init(conversationID: ConversationID, channel: ChannelKind, agentID: String?) {
        self.conversationID = conversationID
        self.channel = channel
        self.agentID = agentID
    }
}
