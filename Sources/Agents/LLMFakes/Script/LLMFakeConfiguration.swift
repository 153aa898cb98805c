/// How a fake LLM API behaves (both fakes take the same settings).
public struct LLMFakeConfiguration: Sendable {
    /// When set, requests must carry this key (`Authorization: Bearer` for OpenAI, `x-api-key`
    /// for Anthropic); 401 otherwise.
    public var apiKey: String?
    /// Pause between streamed events.
    public var eventPause: Duration
    /// Write each event in two pieces split mid-line.
    public var splitEvents: Bool
    /// Answer when the script is empty.
    public var defaultAnswer: LLMFakeAnswer

    /// Creates a configuration; defaults: no key check, no pause, split events, answers "ok".
    public init(
        apiKey: String? = nil, eventPause: Duration = .zero, splitEvents: Bool = true,
        defaultAnswer: LLMFakeAnswer = .text("ok")
    ) {
        self.apiKey = apiKey
        self.eventPause = eventPause
        self.splitEvents = splitEvents
        self.defaultAnswer = defaultAnswer
    }
}
