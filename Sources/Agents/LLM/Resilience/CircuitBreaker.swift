/// The state machine of one provider's circuit breaker: after `failureThreshold` consecutive
/// health failures it opens for `coolDown` and rejects calls; then it lets exactly one probe
/// through (half-open): the probe's success closes it, its failure opens it again.
/// Pure value type; the caller passes the current instant and performs the calls.
public struct CircuitBreaker: Sendable, Hashable {
    /// When the breaker opens and how long it stays open.
    public struct Policy: Sendable, Hashable {
        /// Consecutive health failures that open the breaker.
        public var failureThreshold: Int
        /// How long it stays open before one probe is allowed.
        public var coolDown: Duration

        /// Creates a policy; defaults: open after 5 failures in a row, for 30 seconds.
        public init(failureThreshold: Int = 5, coolDown: Duration = .seconds(30)) {
            self.failureThreshold = max(1, failureThreshold)
            self.coolDown = coolDown
        }
    }

    /// Where the breaker stands.
    public enum State: Sendable, Hashable {
        /// Calls pass; `consecutiveFailures` health failures since the last success.
        case closed(consecutiveFailures: Int)
        /// Calls are rejected until `until`.
        case open(until: ContinuousClock.Instant)
        /// One probe may pass; `probeInFlight` while it runs.
        case halfOpen(probeInFlight: Bool)
    }

    /// The answer to "may I call this provider now?".
    public enum Permission: Sendable, Hashable {
        /// Call normally.
        case allowed
        /// Call: this is the single probe after the cool-down; report its result.
        case probe
        /// Do not call; the breaker is open (until `retryAt`, or a probe is in flight if nil).
        case rejected(retryAt: ContinuousClock.Instant?)

        /// True unless rejected.
        public var permitsCall: Bool {
            if case .rejected = self { return false }
            return true
        }
    }

    /// The policy this breaker follows.
    public let policy: Policy
    /// The current state.
    public private(set) var state: State = .closed(consecutiveFailures: 0)

    /// Creates a closed breaker.
    public init(policy: Policy = Policy()) {
        self.policy = policy
    }

    /// Asks to make a call at `now`; an open breaker whose cool-down is over becomes half-open
    /// and grants the probe to the first caller.
    public mutating func requestPermission(now: ContinuousClock.Instant) -> Permission {
        switch state {
        case .closed:
            return .allowed
        case .open(let until):
            guard now >= until else { return .rejected(retryAt: until) }
            state = .halfOpen(probeInFlight: true)
            return .probe
        case .halfOpen(let probeInFlight):
            if probeInFlight { return .rejected(retryAt: nil) }
            state = .halfOpen(probeInFlight: true)
            return .probe
        }
    }

    /// The provider answered (a success, or a failure that says nothing about its health,
    /// such as 400 or 401): close the breaker and forget earlier failures.
    public mutating func recordSuccess() {
        state = .closed(consecutiveFailures: 0)
    }

    /// A health failure (429, 5xx, timeout, broken connection, malformed answer) at `now`.
    public mutating func recordFailure(now: ContinuousClock.Instant) {
        switch state {
        case .closed(let failures):
            let count = failures + 1
            state = count >= policy.failureThreshold ? .open(until: now.advanced(by: policy.coolDown)) : .closed(consecutiveFailures: count)
        case .halfOpen, .open:
            state = .open(until: now.advanced(by: policy.coolDown))
        }
    }

    /// A call ended without a verdict (cancelled): a probe slot is released for the next caller.
    public mutating func recordAbandoned() {
        if case .halfOpen = state { state = .halfOpen(probeInFlight: false) }
    }

    /// True while calls are rejected at `now` (open and cooling down, or a probe in flight).
    public func isRejecting(at now: ContinuousClock.Instant) -> Bool {
        switch state {
        case .closed: return false
        case .open(let until): return now < until
        case .halfOpen(let probeInFlight): return probeInFlight
        }
    }
}
