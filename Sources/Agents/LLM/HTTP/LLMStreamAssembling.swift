/// A pure fold from one provider's server-sent events to `LLMStreamEvent`s
/// (`OpenAIStreamAssembler`, `AnthropicStreamAssembler`).
protocol LLMStreamAssembling: Sendable {
    /// True once the provider's end marker was seen; later events are ignored.
    var isFinished: Bool { get }
    /// The events one server-sent event yields.
    mutating func consume(_ event: ServerSentEvent) throws(LLMError) -> [LLMStreamEvent]
    /// The events at the end of the body, or an error when the stream was cut short.
    mutating func finish() throws(LLMError) -> [LLMStreamEvent]
}
