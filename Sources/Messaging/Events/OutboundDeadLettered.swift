import Foundation

/// `outbound.dead_lettered`: the delivery worker gave up on an outbound message; it is never sent and
/// waits for an operator.
public struct OutboundDeadLettered: EventPayload {
    public static let eventType = "outbound.dead_lettered"
    public static let schemaVersion = 1

    public var outboundID: UUID
    /// How many attempts were made.
    public var attempts: Int
    /// The reason the last attempt failed.
    public var lastReasonCode: DeliveryFailureCode

    public init(outboundID: UUID, attempts: Int, lastReasonCode: DeliveryFailureCode) {
        self.outboundID = outboundID
        self.attempts = attempts
        self.lastReasonCode = lastReasonCode
    }

    enum CodingKeys: String, CodingKey {
        case outboundID = "outbound_id"
        case attempts
        case lastReasonCode = "last_reason_code"
    }
}
