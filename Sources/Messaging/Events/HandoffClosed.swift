/// `handoff.closed`: an operator gave the conversation back to its agent.
public struct HandoffClosed: EventPayload {
    public static let eventType = "handoff.closed"
    public static let schemaVersion = 1

    public var conversationID: ConversationID
    /// The API token's name the operator used.
    public var operatorName: String

    public init(conversationID: ConversationID, operatorName: String) {
        self.conversationID = conversationID
        self.operatorName = operatorName
    }

    enum CodingKeys: String, CodingKey {
        case conversationID = "conversation_id"
        case operatorName = "operator_name"
    }
}
