/// Why the model stopped generating, normalised across providers.
public enum LLMFinishReason: Sendable, Hashable, Codable {
    /// A natural end (OpenAI `stop`, Anthropic `end_turn` / `stop_sequence`).
    case stop
    /// The token limit was reached (`length`, `max_tokens`).
    case length
    /// The model wants tool calls answered (`tool_calls`, `tool_use`).
    case toolCalls
    /// The provider filtered or refused (`content_filter`, `refusal`).
    case contentFilter
    /// A reason this layer does not know, as the provider spelled it.
    case other(String)

    /// Maps an OpenAI Chat Completions `finish_reason`.
    public init(openAI value: String) {
        switch value {
        case "stop": self = .stop
        case "length": self = .length
        case "tool_calls", "function_call": self = .toolCalls
        case "content_filter": self = .contentFilter
        default: self = .other(value)
        }
    }

    /// Maps an Anthropic Messages `stop_reason`.
    public init(anthropic value: String) {
        switch value {
        case "end_turn", "stop_sequence", "pause_turn": self = .stop
        case "max_tokens": self = .length
        case "tool_use": self = .toolCalls
        case "refusal": self = .contentFilter
        default: self = .other(value)
        }
    }
}
