/// One inbound message handed to an agent, with the conversation context templates may use.
public struct AgentTurn: Codable, Sendable, Equatable {
    /// The inbound message's id; action ids are derived from it so a retried run requests the same actions.
    public var messageID: String
    public var text: String
    /// Flat context for templates: `customer.first_name`, `channel`, …
    public var context: [String: String]

    public init(messageID: String, text: String, context: [String: String] = [:]) {
        self.messageID = messageID
        self.text = text
        self.context = context
    }
}
