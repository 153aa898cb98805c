/// Per-agent bounds on a run and on quotas; exceeding one ends the run with a polite fallback.
public struct AgentLimits: Sendable, Equatable {
    public var maxRunSeconds: Double
    public var maxToolCalls: Int
    public var maxOutputChars: Int
    public var runsPerConversationPerDay: Int
    public var tokensPerDay: Int

    public init(
        maxRunSeconds: Double = 30, maxToolCalls: Int = 5, maxOutputChars: Int = 4_000, runsPerConversationPerDay: Int = 500,
        tokensPerDay: Int = 200_000
    ) {
        self.maxRunSeconds = maxRunSeconds
        self.maxToolCalls = maxToolCalls
        self.maxOutputChars = maxOutputChars
        self.runsPerConversationPerDay = runsPerConversationPerDay
        self.tokensPerDay = tokensPerDay
    }
}
