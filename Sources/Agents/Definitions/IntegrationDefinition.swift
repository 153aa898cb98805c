/// The `integration:` section of an integration agent: which conversation events are forwarded to
/// which endpoints as signed webhooks, how failures are retried, and whether personal data goes too.
public struct IntegrationDefinition: Sendable, Equatable {
    /// Event types forwarded (from conversation streams).
    public var events: [String]
    public var endpoints: [IntegrationEndpoint]
    /// Attempts per event and endpoint before it is dead-lettered.
    public var maximumAttempts: Int
    /// Exponential backoff between attempts: base delay, doubled per attempt, capped.
    public var baseDelayMilliseconds: Int
    public var maximumDelayMilliseconds: Int
    /// Forward sealed personal fields opened (plaintext); by default they are removed.
    public var includePersonalData: Bool

    public init(
        events: [String], endpoints: [IntegrationEndpoint], maximumAttempts: Int = 5, baseDelayMilliseconds: Int = 500,
        maximumDelayMilliseconds: Int = 60_000, includePersonalData: Bool = false
    ) {
        self.events = events
        self.endpoints = endpoints
        self.maximumAttempts = maximumAttempts
        self.baseDelayMilliseconds = baseDelayMilliseconds
        self.maximumDelayMilliseconds = maximumDelayMilliseconds
        self.includePersonalData = includePersonalData
    }
}
