/// A model's complete answer: its text, the tool calls it asked for, why it stopped and what
/// it cost. Streaming calls end with the same value, assembled from the chunks.
public struct LLMResponse: Sendable, Hashable, Codable {
    /// The provider's id for the answer, when it gave one.
    public var id: String?
    /// The model that answered, as the provider named it.
    public var model: String
    /// The text (empty when the model only called tools).
    public var text: String
    /// Tool calls, in the order the model made them.
    public var toolCalls: [LLMToolCall]
    /// Why generation stopped; nil if the provider did not say.
    public var finishReason: LLMFinishReason?
    /// Token counts; nil if the provider did not report them.
    public var usage: LLMUsage?

    /// Creates a response.
    public init(
        id: String? = nil, model: String, text: String, toolCalls: [LLMToolCall] = [],
        finishReason: LLMFinishReason? = nil, usage: LLMUsage? = nil
    ) {
        self.id = id
        self.model = model
        self.text = text
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.usage = usage
    }

    /// The assistant message to append to the conversation before sending tool results back.
    public var assistantMessage: LLMMessage { .assistant(text, toolCalls: toolCalls) }
}
