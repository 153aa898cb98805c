import Messaging

/// The parts of an `agent.intent_recognized` payload the analytics fold reads, all optional: the
/// event has no payload type yet, so the fold counts it whatever its shape and attributes it to a
/// conversation from its payload or its `conversation-…` stream.
struct IntentRecognizedReference: Decodable {
    var conversationID: ConversationID?
    var agentID: String?

    enum CodingKeys: String, CodingKey {
        case conversationID = "conversation_id"
        case agentID = "agent_id"
    }
}
