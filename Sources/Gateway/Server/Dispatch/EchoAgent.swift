/// The built-in agent: answers every message with its text, so the whole flow can be exercised
/// without an agent definition.
public struct EchoAgent: ConversationAgent {
    public static let id = "echo"
    public var id: String { Self.id }

    public init() {}

    public func respond(to turn: AgentTurn) async throws -> AgentResponse {
        if let text = turn.text, !text.isEmpty {
            return AgentResponse(replies: [AgentReply(text: "echo: \(text)")])
        }
        if let pressed = turn.interactiveReplyID {
            return AgentResponse(replies: [AgentReply(text: "echo: pressed \(pressed)")])
        }
        return AgentResponse(replies: [AgentReply(text: "echo: (a message without text)")])
    }
}
