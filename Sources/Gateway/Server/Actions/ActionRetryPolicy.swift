/// How often and when a transient action failure is retried: a bounded number of attempts with
/// exponential backoff. Pure, so its decisions are tested alone.
public struct ActionRetryPolicy: Sendable, Equatable {
    public var maximumAttempts: Int
    public var baseDelay: Duration

    public init(maximumAttempts: Int = 3, baseDelay: Duration = .milliseconds(500)) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.baseDelay = baseDelay
    }

    /// The wait before attempt `next` (2, 3 …) after `failure`, or nil when the action has failed for good.
    public func delay(before next: Int, after failure: ActionFailure) -> Duration? {
        guard failure.retryable, next <= maximumAttempts else { return nil }
        return baseDelay * (1 << min(next - 2, 16))
    }
}
