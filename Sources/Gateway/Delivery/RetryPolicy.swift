/// Exponential backoff with full jitter, a cap, a maximum number of attempts, and respect
/// for the platform's `retry-after`.
///
/// The delay before attempt *n + 1* is uniform in `0...min(maximumDelay, baseDelay · 2^(n-1))`,
/// raised to `retryAfter` when the platform asked for longer. The random source is a
/// parameter, so tests and replays are deterministic.
public struct RetryPolicy: Hashable, Sendable {
    /// What to do after a failed attempt.
    public enum Decision: Hashable, Sendable {
        /// Try again once this long has passed.
        case retry(after: Duration)
        /// Stop; the message is dead-lettered for this reason.
        case deadLetter(reason: DeadLetterReason)
    }

    /// The jitter ceiling for the first retry.
    public let baseDelay: Duration
    /// The largest jitter ceiling (a platform `retry-after` may still exceed it).
    public let maximumDelay: Duration
    /// Attempts allowed in total, the first one included.
    public let maximumAttempts: Int

    /// Creates a policy; delays must be positive, `maximumDelay >= baseDelay`, and
    /// `maximumAttempts >= 1`.
    public init(baseDelay: Duration, maximumDelay: Duration, maximumAttempts: Int) throws(DeliveryConfigurationError) {
        try DeliveryConfigurationError.requirePositive(baseDelay, "retry.baseDelay")
        try DeliveryConfigurationError.requirePositive(maximumAttempts, "retry.maximumAttempts")
        guard maximumDelay >= baseDelay else {
            throw DeliveryConfigurationError(
                code: .outOfRange, setting: "retry.maximumDelay", value: "\(maximumDelay)",
                requirement: "must be >= retry.baseDelay (\(baseDelay))")
        }
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.maximumAttempts = maximumAttempts
    }

    /// The upper bound of the jittered delay after failed attempt number `attempt` (1-based).
    public func jitterCeiling(afterAttempt attempt: Int) -> Duration {
        let base = baseDelay.inNanoseconds
        let cap = maximumDelay.inNanoseconds
        let exponent = max(0, attempt - 1)
        guard exponent < 62, base <= cap >> Int64(exponent) else { return maximumDelay }
        return .nanoseconds(base << Int64(exponent))
    }

    /// Decides what follows failed attempt number `attempt` (1-based), drawing jitter from `random`.
    public func decide<Random: RandomNumberGenerator>(
        afterAttempt attempt: Int, failure: DeliveryFailure, using random: inout Random
    ) -> Decision {
        if failure.classification == .permanent {
            return .deadLetter(reason: .permanentFailure(failure))
        }
        if attempt >= maximumAttempts {
            return .deadLetter(reason: .attemptsExhausted(attempts: attempt, lastFailure: failure))
        }
        let ceiling = UInt64(jitterCeiling(afterAttempt: attempt).inNanoseconds)
        let jittered = Duration.nanoseconds(Int64(UInt64.random(in: 0...ceiling, using: &random)))
        return .retry(after: max(jittered, failure.retryAfter ?? .zero))
    }

    /// Same as ``decide(afterAttempt:failure:using:)`` with the system random source.
    public func decide(afterAttempt attempt: Int, failure: DeliveryFailure) -> Decision {
        var random = SystemRandomNumberGenerator()
        return decide(afterAttempt: attempt, failure: failure, using: &random)
    }
}
