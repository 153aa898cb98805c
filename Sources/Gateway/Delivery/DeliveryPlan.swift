/// The delivery decisions for one channel account: rate limits, circuit breaker and retry
/// policy combined into "what next" for a message and "what to record" after a send.
///
/// Pure state: the shell passes the time and a random source, executes the returned action,
/// and appends the returned outcome as an event. One plan per channel account.
public struct DeliveryPlan: Sendable {
    /// Everything a plan needs to decide.
    public struct Configuration: Hashable, Sendable {
        /// The account's send limits.
        public var rateLimits: DeliveryRateLimiter.Configuration
        /// Backoff and attempt limits.
        public var retry: RetryPolicy
        /// When the account's breaker opens.
        public var circuitBreaker: CircuitBreaker.Configuration

        /// Combines the three parts.
        public init(
            rateLimits: DeliveryRateLimiter.Configuration, retry: RetryPolicy,
            circuitBreaker: CircuitBreaker.Configuration
        ) {
            self.rateLimits = rateLimits
            self.retry = retry
            self.circuitBreaker = circuitBreaker
        }
    }

    /// The account's rate limiter.
    public private(set) var rateLimiter: DeliveryRateLimiter
    /// The account's circuit breaker (its ``CircuitBreaker/state(at:)`` feeds the metrics gauge).
    public private(set) var circuitBreaker: CircuitBreaker
    /// The retry policy in force.
    public let retryPolicy: RetryPolicy

    /// Creates a plan whose buckets start full at `now` and whose breaker starts closed.
    public init(configuration: Configuration, now: DeliveryInstant) {
        self.rateLimiter = DeliveryRateLimiter(configuration: configuration.rateLimits, now: now)
        self.circuitBreaker = CircuitBreaker(configuration: configuration.circuitBreaker)
        self.retryPolicy = configuration.retry
    }

    /// The next action for a message to `chat` whose finished attempts are `history`
    /// (chronological), at `instant`. Takes rate-limit tokens and the breaker's probe slot
    /// only when it answers ``DeliveryAction/sendNow(attempt:isProbe:)``.
    public mutating func nextAction(
        history: [DeliveryAttempt], chat: String, isGroup: Bool, at instant: DeliveryInstant
    ) -> DeliveryAction {
        let previous = history.last
        switch previous?.outcome {
        case .delivered(let platformMessageID):
            return .alreadyDelivered(platformMessageID: platformMessageID)
        case .deadLettered(let reason):
            return .deadLetter(reason)
        case .failed(let failure, let nextAttemptAt):
            if instant < nextAttemptAt {
                return .retryLater(at: nextAttemptAt, lastFailure: failure)
            }
            if let previous, previous.number >= retryPolicy.maximumAttempts {
                return .deadLetter(.attemptsExhausted(attempts: previous.number, lastFailure: failure))
            }
        case nil:
            break
        }

        var breaker = circuitBreaker
        let permission = breaker.permit(at: instant)
        if case .reject(let retryAfter) = permission {
            return .waitForCircuitBreaker(retryAfter)
        }
        if case .wait(let duration) = rateLimiter.admit(chat: chat, isGroup: isGroup, at: instant) {
            return .waitForRateLimit(duration)
        }
        circuitBreaker = breaker
        return .sendNow(attempt: (previous?.number ?? 0) + 1, isProbe: permission == .probe)
    }

    /// Feeds the result of send attempt `attempt` (finished at `instant`) to the breaker and
    /// returns the outcome to record; a failure's retry time is drawn from `random` here, once.
    /// Failures that do not indicate platform trouble count as the platform being reachable.
    public mutating func record<Random: RandomNumberGenerator>(
        _ result: DeliverySendResult, attempt: Int, at instant: DeliveryInstant, using random: inout Random
    ) -> DeliveryAttempt {
        switch result {
        case .delivered(let platformMessageID):
            circuitBreaker.recordSuccess(at: instant)
            return DeliveryAttempt(number: attempt, finishedAt: instant, outcome: .delivered(platformMessageID: platformMessageID))
        case .failed(let failure):
            if failure.indicatesPlatformTrouble {
                circuitBreaker.recordFailure(at: instant)
            } else {
                // The platform answered (a 4xx, a rate limit): it is up, which is what the breaker tracks.
                circuitBreaker.recordSuccess(at: instant)
            }
            switch retryPolicy.decide(afterAttempt: attempt, failure: failure, using: &random) {
            case .retry(let delay):
                return DeliveryAttempt(
                    number: attempt, finishedAt: instant, outcome: .failed(failure, nextAttemptAt: instant + delay))
            case .deadLetter(let reason):
                return DeliveryAttempt(number: attempt, finishedAt: instant, outcome: .deadLettered(reason))
            }
        }
    }
}
