import Foundation

/// When to try a provider again after a failed attempt: exponential back-off with jitter for
/// retryable failures (429, 5xx, timeouts, broken connections), at least as long as the
/// provider's `retry-after`, and no retry when it asks for longer than `maximumRetryAfter`
/// (failing over is then better than waiting). Pure: the jitter sample is passed in.
public struct LLMRetryPolicy: Sendable, Hashable {
    /// What to do after a failed attempt.
    public enum Decision: Sendable, Hashable {
        /// Wait this long, then try the same provider again.
        case retry(after: Duration)
        /// Stop trying this provider (fail over to the next route, if any).
        case giveUp
    }

    /// Attempts per route, the first included (1 = no retries).
    public var maximumAttempts: Int
    /// Back-off before the first retry.
    public var initialBackoff: Duration
    /// Growth factor per further retry.
    public var multiplier: Double
    /// Longest back-off computed from the exponent (a `retry-after` may be longer).
    public var maximumBackoff: Duration
    /// Fraction of the back-off removed at random (0 = none, 1 = "full jitter").
    public var jitter: Double
    /// Longest `retry-after` honoured by waiting; a longer one gives up on the route at once.
    public var maximumRetryAfter: Duration

    /// Creates a policy; the defaults suit interactive agents (3 attempts, 0.5 s then 1 s).
    public init(
        maximumAttempts: Int = 3,
        initialBackoff: Duration = .milliseconds(500),
        multiplier: Double = 2,
        maximumBackoff: Duration = .seconds(8),
        jitter: Double = 0.5,
        maximumRetryAfter: Duration = .seconds(20)
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.initialBackoff = initialBackoff
        self.multiplier = max(1, multiplier)
        self.maximumBackoff = maximumBackoff
        self.jitter = min(1, max(0, jitter))
        self.maximumRetryAfter = maximumRetryAfter
    }

    /// No retries: one attempt per route.
    public static let none = LLMRetryPolicy(maximumAttempts: 1)

    /// The decision after attempt number `attempt` (1-based) failed with `error`.
    /// `jitterSample` is a uniform random number in `0..<1`.
    public func decision(afterAttempt attempt: Int, failedWith error: LLMError, jitterSample: Double) -> Decision {
        guard error.code.isRetryable, attempt < maximumAttempts else { return .giveUp }
        let backoff = backoff(beforeRetry: attempt, jitterSample: jitterSample)
        if let retryAfter = error.retryAfter {
            if retryAfter > maximumRetryAfter { return .giveUp }
            return .retry(after: max(retryAfter, backoff))
        }
        return .retry(after: backoff)
    }

    /// The jittered exponential back-off before retry number `retry` (1-based):
    /// `min(maximumBackoff, initialBackoff · multiplier^(retry-1)) · (1 − jitter · sample)`.
    public func backoff(beforeRetry retry: Int, jitterSample: Double) -> Duration {
        let exponent = Double(max(0, retry - 1))
        let base = min(seconds(maximumBackoff), seconds(initialBackoff) * pow(multiplier, exponent))
        let sample = min(max(jitterSample, 0), 1)
        let jittered = base * (1 - jitter * sample)
        return .nanoseconds(Int64((jittered * 1e9).rounded()))
    }

    private func seconds(_ duration: Duration) -> Double {
        let (whole, attoseconds) = duration.components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
