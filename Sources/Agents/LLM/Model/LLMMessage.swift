/// One message of a conversation sent to a model, in a provider-neutral shape.
/// Providers translate it to their wire format (OpenAI roles, Anthropic content blocks).
public struct LLMMessage: Sendable, Hashable, Codable {
    /// Who speaks.
    public enum Role: String, Sendable, Hashable, Codable {
        case system, user, assistant, tool
    }

    /// Who speaks.
    public var role: Role
    /// The text; for a tool message, the tool's result.
    public var content: String
    /// Tool calls made by an assistant message (empty for other roles).
    public var toolCalls: [LLMToolCall]
    /// For a tool message: the id of the call it answers.
    public var toolCallID: String?
    /// For a tool message: true when the tool failed and `content` describes the failure.
    public var isError: Bool

    /// Creates a message; prefer the static constructors.
    public init(
        role: Role, content: String, toolCalls: [LLMToolCall] = [], toolCallID: String? = nil, isError: Bool = false
    ) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.isError = isError
    }

    /// Instructions for the model.
    public static func system(_ text: String) -> LLMMessage { LLMMessage(role: .system, content: text) }
    /// What the person said.
    public static func user(_ text: String) -> LLMMessage { LLMMessage(role: .user, content: text) }
    /// What the model answered earlier, with the tool calls it made.
    public static func assistant(_ text: String, toolCalls: [LLMToolCall] = []) -> LLMMessage {
        LLMMessage(role: .assistant, content: text, toolCalls: toolCalls)
    }
    /// The result of a tool call, sent back to the model.
    public static func toolResult(callID: String, content: String, isError: Bool = false) -> LLMMessage {
        LLMMessage(role: .tool, content: content, toolCallID: callID, isError: isError)
    }
}
