/// Why an inbound message was not recorded; the webhook answers with the matching status.
public enum InboundError: Error, Sendable, Equatable {
    /// The payload broke the universal format's rules (400); the text names the field, never a value.
    case invalidMessage(String)
    /// The sender sent more than its limit (429 with Retry-After).
    case senderRateLimited(retryAfter: Duration)
    /// The sender was erased; nothing new is stored about them (the platform gets 200 so it stops retrying).
    case senderErased
}
