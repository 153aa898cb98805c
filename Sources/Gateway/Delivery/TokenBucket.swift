/// A token bucket whose state advances only when it is given the current time.
///
/// Tokens refill continuously (fractional tokens count towards the next whole one); a
/// send takes one token. Time that runs backwards is treated as no time passing, so a
/// clock step never mints tokens.
public struct TokenBucket: Hashable, Sendable {
    /// Tolerance for floating-point error, so waiting exactly `timeUntilAvailable` always suffices.
    static let epsilon = 1e-9

    /// The limit this bucket enforces.
    public let limit: RateLimit
    /// Tokens held as of `updatedAt`.
    public private(set) var tokens: Double
    /// The latest instant the bucket has accounted for.
    public private(set) var updatedAt: DeliveryInstant

    /// Creates a full bucket at `now`.
    public init(limit: RateLimit, now: DeliveryInstant) {
        self.limit = limit
        self.tokens = limit.capacity
        self.updatedAt = now
    }

    /// Creates a full bucket; see ``RateLimit/init(capacity:refillPerSecond:)`` for the rules.
    public init(capacity: Double, refillPerSecond: Double, now: DeliveryInstant) throws(DeliveryConfigurationError) {
        self.init(limit: try RateLimit(capacity: capacity, refillPerSecond: refillPerSecond), now: now)
    }

    /// The tokens available at `instant`, including fractional ones.
    public func availableTokens(at instant: DeliveryInstant) -> Double {
        let elapsed = max(0, (instant - updatedAt).inSeconds)
        return min(limit.capacity, tokens + elapsed * limit.refillPerSecond)
    }

    /// Whether the bucket has refilled completely by `instant` (forgetting it then loses nothing).
    public func isFull(at instant: DeliveryInstant) -> Bool {
        availableTokens(at: instant) >= limit.capacity - Self.epsilon
    }

    /// Takes `count` tokens at `instant` if they are all available; takes nothing otherwise.
    public mutating func tryTake(_ count: Double = 1, at instant: DeliveryInstant) -> Bool {
        let available = availableTokens(at: instant)
        tokens = available
        updatedAt = max(updatedAt, instant)
        guard available + Self.epsilon >= count else { return false }
        tokens = max(0, available - count)
        return true
    }

    /// How long after `instant` until `count` tokens are available (zero when they already are).
    ///
    /// Rounded up to the nanosecond. A `count` above the capacity can never be satisfied and
    /// yields the time to fill the bucket completely.
    public func timeUntilAvailable(_ count: Double = 1, at instant: DeliveryInstant) -> Duration {
        let needed = min(count, limit.capacity) - availableTokens(at: instant)
        guard needed > Self.epsilon else { return .zero }
        return .secondsRoundedUp(needed / limit.refillPerSecond)
    }
}
