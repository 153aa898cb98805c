/// Tokens a call consumed, as the provider reported them.
public struct LLMUsage: Sendable, Hashable, Codable {
    /// Prompt tokens (OpenAI `prompt_tokens`, Anthropic `input_tokens`).
    public var inputTokens: Int
    /// Generated tokens (`completion_tokens`, `output_tokens`).
    public var outputTokens: Int

    /// Creates a usage figure.
    public init(inputTokens: Int, outputTokens: Int) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }

    /// No tokens (a provider that reported nothing).
    public static let zero = LLMUsage(inputTokens: 0, outputTokens: 0)
}
