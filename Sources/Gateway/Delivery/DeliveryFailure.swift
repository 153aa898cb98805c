/// Why one send attempt failed, classified by the channel adapter.
///
/// The reason travels into `outbound.failed` / `outbound.dead_lettered` events, so it should
/// say what a person needs to know (status, platform error text), never message content.
public struct DeliveryFailure: Hashable, Sendable, CustomStringConvertible {
    /// Whether trying again can help.
    public enum Classification: Hashable, Sendable {
        /// Transient: timeouts, 5xx, 429. Worth another attempt.
        case retryable
        /// Final: bad request, chat not found, bot blocked, outside the messaging window.
        case permanent
    }

    /// Whether trying again can help.
    public var classification: Classification
    /// A short, person-readable account of the failure, e.g. `HTTP 502 Bad Gateway`.
    public var reason: String
    /// The platform's `retry-after`, if it sent one; no retry is scheduled sooner.
    public var retryAfter: Duration?
    /// Whether the failure says the platform itself is unhealthy (counts towards opening the
    /// circuit breaker). Defaults to `true` for retryable failures other than rate limiting.
    public var indicatesPlatformTrouble: Bool

    /// Creates a failure; `indicatesPlatformTrouble` defaults to "retryable and no `retryAfter`".
    public init(
        _ classification: Classification, reason: String, retryAfter: Duration? = nil,
        indicatesPlatformTrouble: Bool? = nil
    ) {
        self.classification = classification
        self.reason = reason
        self.retryAfter = retryAfter
        self.indicatesPlatformTrouble = indicatesPlatformTrouble ?? (classification == .retryable && retryAfter == nil)
    }

    /// A retryable failure.
    public static func retryable(_ reason: String, retryAfter: Duration? = nil) -> DeliveryFailure {
        DeliveryFailure(.retryable, reason: reason, retryAfter: retryAfter)
    }

    /// A permanent failure.
    public static func permanent(_ reason: String) -> DeliveryFailure {
        DeliveryFailure(.permanent, reason: reason)
    }

    public var description: String {
        var text = "\(classification == .retryable ? "retryable" : "permanent"): \(reason)"
        if let retryAfter { text += " (retry after \(retryAfter))" }
        return text
    }
}
