import Foundation

/// `outbound.failed`: one attempt to send an outbound message failed. A retryable failure is tried
/// again (after ``retryAfterSeconds`` when the platform said so); otherwise, or when attempts run out,
/// ``OutboundDeadLettered`` follows.
public struct OutboundFailed: EventPayload {
    public static let eventType = "outbound.failed"
    public static let schemaVersion = 1

    public var outboundID: UUID
    /// Which attempt failed, from 1.
    public var attempt: Int
    public var reasonCode: DeliveryFailureCode
    public var retryable: Bool
    /// How long the platform asked us to wait before trying again, in seconds.
    public var retryAfterSeconds: Double?

    public init(
        outboundID: UUID,
        attempt: Int,
        reasonCode: DeliveryFailureCode,
        retryable: Bool,
        retryAfterSeconds: Double? = nil
    ) {
        self.outboundID = outboundID
        self.attempt = attempt
        self.reasonCode = reasonCode
        self.retryable = retryable
        self.retryAfterSeconds = retryAfterSeconds
    }

    enum CodingKeys: String, CodingKey {
        case outboundID = "outbound_id"
        case attempt
        case reasonCode = "reason_code"
        case retryable
        case retryAfterSeconds = "retry_after_seconds"
    }
}
