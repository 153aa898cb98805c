/// How far an outbound message got, as the conversation window shows it.
public enum OutboundDeliveryStatus: String, Codable, Sendable, Hashable {
    /// Queued for the delivery worker; no outcome yet.
    case queued
    /// The platform accepted it (`outbound.delivered`).
    case delivered
    /// The latest attempt failed (`outbound.failed`); ``ContextMessage/retryable`` says whether another follows.
    case failed
}
