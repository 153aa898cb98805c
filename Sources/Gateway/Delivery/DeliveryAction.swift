/// What the delivery shell should do next with one outbound message.
public enum DeliveryAction: Hashable, Sendable {
    /// Send attempt `attempt` now (rate-limit tokens are already taken). When `isProbe` is
    /// set, this send is the circuit breaker's half-open probe.
    case sendNow(attempt: Int, isProbe: Bool)
    /// The chat's or the account's rate limit is exhausted; ask again after this long.
    case waitForRateLimit(Duration)
    /// The account's circuit breaker is open (or a probe is outstanding); ask again after this long.
    case waitForCircuitBreaker(Duration)
    /// The previous attempt failed and its retry is not due yet.
    case retryLater(at: DeliveryInstant, lastFailure: DeliveryFailure)
    /// Give up; record `outbound.dead_lettered` with this reason if it is not recorded yet.
    case deadLetter(DeadLetterReason)
    /// The message was delivered; nothing to do.
    case alreadyDelivered(platformMessageID: String?)
}
