/// One event of a streamed answer. A stream yields text and tool-call deltas as they arrive,
/// each tool call once complete, the usage when reported, and ends with `done` carrying the
/// assembled response. Streams through `LLMFailoverClient` also yield `callRecorded` for each
/// provider route tried, before `done` or before the error is thrown.
public enum LLMStreamEvent: Sendable, Hashable {
    /// A piece of the answer's text.
    case textDelta(String)
    /// A piece of a tool call: `index` orders calls; `id` and `name` arrive with the first piece.
    case toolCallDelta(index: Int, id: String?, name: String?, argumentsFragment: String)
    /// A tool call whose arguments are complete.
    case toolCallCompleted(LLMToolCall)
    /// Token counts, when the provider reports them.
    case usage(LLMUsage)
    /// The end of the answer, with everything assembled.
    case done(LLMResponse)
    /// The record of one provider route's call (see `LLMCallRecord`).
    case callRecorded(LLMCallRecord)
}
