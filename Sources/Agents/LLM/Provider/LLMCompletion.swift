/// A successful non-streamed call through `LLMFailoverClient`: the answer, and one
/// `LLMCallRecord` per route tried (failed routes first, the answering route last), each to
/// be recorded as an `agent.llm_called` event.
public struct LLMCompletion: Sendable {
    /// The answer.
    public var response: LLMResponse
    /// One record per route tried, in order.
    public var records: [LLMCallRecord]

    /// Creates a completion.
    public init(response: LLMResponse, records: [LLMCallRecord]) {
        self.response = response
        self.records = records
    }

    /// The record of the route that answered.
    public var answeringRecord: LLMCallRecord? { records.last }
}
