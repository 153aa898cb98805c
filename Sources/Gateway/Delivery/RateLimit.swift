/// A token-bucket limit: up to `capacity` sends in a burst, refilled at `refillPerSecond`.
///
/// Validated on construction so a bucket built from it can never divide by zero or stall.
public struct RateLimit: Hashable, Sendable {
    /// The largest burst the bucket allows after being idle.
    public let capacity: Double
    /// Tokens added per second of elapsed time.
    public let refillPerSecond: Double

    /// Creates a limit; both values must be finite and positive, and `capacity` at least 1
    /// (a bucket that can never hold one whole token could never admit a send).
    public init(capacity: Double, refillPerSecond: Double) throws(DeliveryConfigurationError) {
        try DeliveryConfigurationError.requirePositive(capacity, "rateLimit.capacity")
        try DeliveryConfigurationError.requirePositive(refillPerSecond, "rateLimit.refillPerSecond")
        guard capacity >= 1 else {
            throw DeliveryConfigurationError(
                code: .outOfRange, setting: "rateLimit.capacity", value: "\(capacity)", requirement: "must be >= 1")
        }
        self.capacity = capacity
        self.refillPerSecond = refillPerSecond
    }

    /// `count` sends per second, with bursts of up to `burst` (defaults to `count`).
    public static func perSecond(_ count: Double, burst: Double? = nil) throws(DeliveryConfigurationError) -> RateLimit {
        try RateLimit(capacity: burst ?? count, refillPerSecond: count)
    }

    /// `count` sends per minute, with bursts of up to `burst` (defaults to `count`).
    public static func perMinute(_ count: Double, burst: Double? = nil) throws(DeliveryConfigurationError) -> RateLimit {
        try RateLimit(capacity: burst ?? count, refillPerSecond: count / 60)
    }
}
