import Foundation

/// `operator.replied`: a person answered a conversation through the control API (typically one an
/// agent handed off). The message itself is the `outbound.queued` appended with it.
public struct OperatorReplied: EventPayload {
    public static let eventType = "operator.replied"
    public static let schemaVersion = 1

    public var conversationID: ConversationID
    public var outboundID: UUID
    /// The API token's name the operator used.
    public var operatorName: String

    public init(conversationID: ConversationID, outboundID: UUID, operatorName: String) {
        self.conversationID = conversationID
        self.outboundID = outboundID
        self.operatorName = operatorName
    }

    enum CodingKeys: String, CodingKey {
        case conversationID = "conversation_id"
        case outboundID = "outbound_id"
        case operatorName = "operator_name"
    }
}
