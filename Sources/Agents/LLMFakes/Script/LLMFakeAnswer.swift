/// What a fake LLM API answers to one request, in its own wire format: streamed when the
/// request asked for a stream, as one JSON body otherwise.
public indirect enum LLMFakeAnswer: Sendable, Hashable {
    /// A text answer, streamed word by word when asked for a stream.
    case text(String, inputTokens: Int = 11, outputTokens: Int = 7)
    /// A tool call (id generated when nil), optionally preceded by text; arguments are sent
    /// as given (streamed in small fragments).
    case toolCall(name: String, arguments: String, id: String? = nil, text: String = "")
    /// 429 with the provider's rate-limit error body and, when given, a `retry-after` header.
    case rateLimited(retryAfter: String? = "1")
    /// A 5xx with the provider's server error body (Anthropic's 529 is `overloaded_error`).
    case serverError(status: Int = 500)
    /// 200 with this raw body: JSON (or not) for a plain call, an event stream for a stream.
    case malformedBody(String)
    /// A stream that sends this text and then closes before its end marker.
    case truncatedStream(String)
    /// The same answer after a delay (a slow provider).
    case delayed(Duration, LLMFakeAnswer)
}
