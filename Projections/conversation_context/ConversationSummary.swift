import Foundation

/// One conversation in a list (`GET /v1/conversations`): no messages, no personal data.
public struct ConversationSummary: Codable, Sendable, Equatable {
    public var conversationID: String
    public var channel: String
    public var accountID: String
    public var assignedAgentID: String?
    public var state: ConversationState
    public var participantCount: Int
    public var inboundCount: Int
    public var outboundCount: Int
    public var lastActivityAt: Date

    enum CodingKeys: String, CodingKey {
        case conversationID = "conversation_id"
        case channel
        case accountID = "account_id"
        case assignedAgentID = "assigned_agent_id"
        case state
        case participantCount = "participant_count"
        case inboundCount = "inbound_count"
        case outboundCount = "outbound_count"
        case lastActivityAt = "last_activity_at"
    }
}
