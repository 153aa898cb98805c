/// What a tool call came to, as sent back to the model: the result (JSON or words) or why it failed.
public struct LLMToolResult: Sendable, Equatable {
    public var content: String
    public var isError: Bool

    public init(content: String, isError: Bool = false) {
        self.content = content
        self.isError = isError
    }
}
