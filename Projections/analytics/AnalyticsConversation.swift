import Foundation
import Messaging

/// What the analytics fold remembers about a conversation to attribute later events: its channel,
/// its agent and when the oldest unanswered message came in. No subject ids, no text.
public struct AnalyticsConversation: Sendable, Equatable {
    public var channel: ChannelKind
    /// The agent the latest routing decision chose (nil: none yet, or none).
    public var agentID: String?
    /// When a received message occurred whose routing decision has not been seen yet.
    public var awaitingRoutingSince: Date?
    /// When the oldest message routed to an agent and not yet answered by a delivered reply occurred.
    public var unansweredSince: Date?

    public init(channel: ChannelKind, agentID: String? = nil, awaitingRoutingSince: Date? = nil, unansweredSince: Date? = nil) {
        self.channel = channel
        self.agentID = agentID
        self.awaitingRoutingSince = awaitingRoutingSince
        self.unansweredSince = unansweredSince
    }
}
