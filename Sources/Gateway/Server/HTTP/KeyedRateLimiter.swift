import GatewayDelivery
import Synchronization

/// Token buckets per key (a client IP, a sender), for the request limits that answer 429 with
/// `Retry-After`. Buckets idle long enough to be full again are dropped, so memory stays bounded by
/// the number of recently active keys.
public final class KeyedRateLimiter: Sendable {
    private let limit: RateLimit?
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private let buckets = Mutex<[String: TokenBucket]>([:])

    /// - Parameters:
    ///   - perSecond: sustained rate per key; 0 turns the limiter off.
    ///   - burst: requests allowed at once (defaults to one second's worth, at least 1).
    public init(perSecond: Double, burst: Double? = nil) {
        limit = perSecond > 0 ? try? RateLimit(capacity: max(1, burst ?? perSecond), refillPerSecond: perSecond) : nil
        start = clock.now
    }

    /// Takes one token for `key`; nil when admitted, otherwise how long to wait.
    public func admit(_ key: String) -> Duration? {
        guard let limit else { return nil }
        let now = DeliveryInstant(offset: clock.now - start)
        return buckets.withLock { buckets in
            if buckets.count > 50_000 { buckets = buckets.filter { !$0.value.isFull(at: now) } }
            var bucket = buckets[key] ?? TokenBucket(limit: limit, now: now)
            defer { buckets[key] = bucket }
            return bucket.tryTake(at: now) ? nil : bucket.timeUntilAvailable(at: now)
        }
    }
}
