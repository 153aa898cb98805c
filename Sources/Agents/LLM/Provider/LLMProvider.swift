/// One model API spoken over HTTP: a single attempt per call, no retries (those belong to
/// `LLMFailoverClient`). Conformers translate `LLMRequest` to their wire format and back and
/// classify every failure as an `LLMError`.
public protocol LLMProvider: Sendable {
    /// The configured name, used for breakers and records (e.g. `openai`, `anthropic`, `local`).
    var name: String { get }

    /// Sends the request and waits for the whole answer.
    func complete(_ request: LLMRequest) async throws(LLMError) -> LLMResponse

    /// Sends the request with streaming on. The stream yields deltas as they arrive and ends
    /// with `.done` carrying the assembled response; it throws `LLMError` on failure.
    /// Cancelling the consuming task cancels the HTTP request.
    func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMStreamEvent, any Error>
}
