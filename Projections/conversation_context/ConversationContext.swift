import EventLog
import Foundation
import Messaging

/// One row of the `conversation_context` read model: what an agent needs to assemble a
/// conversation's context without scanning the log. Holds only pseudonymous ids and sealed text.
public struct ConversationContext: Sendable, Equatable {
    public var conversationID: ConversationID
    public var channel: ChannelKind
    /// The bot or business account the conversation is on.
    public var accountID: String
    /// Pseudonymous subject ids of the people who wrote in the conversation, in order of first message.
    public var participants: [String]
    /// The agent the latest routing decision assigned; nil before any, or when it assigned none.
    public var assignedAgentID: String?
    public var state: ConversationState
    /// Received messages (edits not counted).
    public var inboundCount: Int
    /// Queued outbound messages.
    public var outboundCount: Int
    /// When the latest event that touched the conversation occurred.
    public var lastActivityAt: Date
    /// The newest messages, oldest first, at most the fold's window size.
    public var recentMessages: [ContextMessage]
    /// Outbound messages queued in this conversation with no delivery yet (ids only: no personal data),
    /// so a delivery outcome moves the state even after its message left the window.
    public var pendingOutboundIDs: [UUID]
    /// Global position of the latest received message (edits included), to tell whether a delivered
    /// reply answered everything.
    public var lastInboundPosition: Int64?
    /// Global position of the latest queued outbound message.
    public var lastOutboundPosition: Int64?
    /// The last event folded into the row; the fold ignores events at or before it, so replaying a
    /// batch after a crash changes nothing.
    public var appliedThrough: LogPosition

    public init(
        conversationID: ConversationID,
        channel: ChannelKind,
        accountID: String,
        participants: [String] = [],
        assignedAgentID: String? = nil,
        state: ConversationState = .open,
        inboundCount: Int = 0,
        outboundCount: Int = 0,
        lastActivityAt: Date,
        recentMessages: [ContextMessage] = [],
        pendingOutboundIDs: [UUID] = [],
        lastInboundPosition: Int64? = nil,
        lastOutboundPosition: Int64? = nil,
        appliedThrough: LogPosition = .start
    ) {
        self.conversationID = conversationID
        self.channel = channel
        self.accountID = accountID
        self.participants = participants
        self.assignedAgentID = assignedAgentID
        self.state = state
        self.inboundCount = inboundCount
        self.outboundCount = outboundCount
        self.lastActivityAt = lastActivityAt
        self.recentMessages = recentMessages
        self.pendingOutboundIDs = pendingOutboundIDs
        self.lastInboundPosition = lastInboundPosition
        self.lastOutboundPosition = lastOutboundPosition
        self.appliedThrough = appliedThrough
    }
}

extension ConversationContext {
    /// Whether the row names `subject`: as a participant or as a message's subject in the window.
    func names(_ subject: String) -> Bool {
        participants.contains(subject) || recentMessages.contains { $0.subjectID == subject }
    }

    /// Which of `subjects` the row names, as participants or as messages' subjects in the window.
    func subjects(among subjects: Set<String>) -> Set<String> {
        var named = Set(participants.filter(subjects.contains))
        for index in recentMessages.indices where subjects.contains(recentMessages[index].subjectID) {
            named.insert(recentMessages[index].subjectID)
        }
        return named
    }
}
