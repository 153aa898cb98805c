import Foundation

/// `outbound.delivered`: the platform accepted an outbound message.
public struct OutboundDelivered: EventPayload {
    public static let eventType = "outbound.delivered"
    public static let schemaVersion = 1

    public var outboundID: UUID
    /// The platform's id for the sent message (receipts and replies refer to it).
    public var platformMessageID: String
    /// Which attempt succeeded, from 1.
    public var attempt: Int

    public init(outboundID: UUID, platformMessageID: String, attempt: Int) {
        self.outboundID = outboundID
        self.platformMessageID = platformMessageID
        self.attempt = attempt
    }

    enum CodingKeys: String, CodingKey {
        case outboundID = "outbound_id"
        case platformMessageID = "platform_message_id"
        case attempt
    }
}
