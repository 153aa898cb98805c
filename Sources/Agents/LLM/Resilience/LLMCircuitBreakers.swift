/// The circuit breakers of all providers, keyed by provider name, shared by every
/// `LLMFailoverClient` that should see the same provider health (one per process, typically).
/// The actor only serialises access; the decisions are `CircuitBreaker`'s.
public actor LLMCircuitBreakers {
    private let policy: CircuitBreaker.Policy
    private var breakers: [String: CircuitBreaker] = [:]

    /// Creates a registry whose breakers all follow `policy`.
    public init(policy: CircuitBreaker.Policy = CircuitBreaker.Policy()) {
        self.policy = policy
    }

    /// Asks `provider`'s breaker for permission to call at `now`.
    public func requestPermission(for provider: String, now: ContinuousClock.Instant) -> CircuitBreaker.Permission {
        breakers[provider, default: CircuitBreaker(policy: policy)].requestPermission(now: now)
    }

    /// Reports that `provider` answered (see `CircuitBreaker.recordSuccess`).
    public func recordSuccess(for provider: String) {
        breakers[provider, default: CircuitBreaker(policy: policy)].recordSuccess()
    }

    /// Reports a health failure of `provider` at `now`.
    public func recordFailure(for provider: String, now: ContinuousClock.Instant) {
        breakers[provider, default: CircuitBreaker(policy: policy)].recordFailure(now: now)
    }

    /// Reports a call to `provider` that ended without a verdict (cancelled).
    public func recordAbandoned(for provider: String) {
        breakers[provider]?.recordAbandoned()
    }

    /// The current state of `provider`'s breaker (closed if it was never used).
    public func state(of provider: String) -> CircuitBreaker.State {
        breakers[provider]?.state ?? .closed(consecutiveFailures: 0)
    }
}
