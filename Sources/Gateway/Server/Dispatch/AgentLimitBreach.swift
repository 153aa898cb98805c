/// Which limit an agent run hit, with its bound and what the run reached: recorded as
/// `agent.limit_exceeded`, answered with the agent's polite fallback.
public struct AgentLimitBreach: Sendable, Equatable {
    /// The limit's key as in the definition (`max_run_seconds`, `max_tool_calls`, …).
    public var limit: String
    public var bound: Double
    public var observed: Double

    public init(limit: String, bound: Double, observed: Double) {
        self.limit = limit
        self.bound = bound
        self.observed = observed
    }

    /// The fallback of an agent whose definition has no `limit_exceeded` template.
    public static let defaultFallback =
        "Sorry, I can't help with that right now. Please try again later, or ask for a person and a member of our team will get back to you."
}
