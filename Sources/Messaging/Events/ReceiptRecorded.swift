import Foundation

/// `receipt.recorded`: the platform reported what happened to an outbound message after it accepted
/// it (WhatsApp `statuses`).
public struct ReceiptRecorded: EventPayload {
    public static let eventType = "receipt.recorded"
    public static let schemaVersion = 1

    public var outboundID: UUID
    public var status: ReceiptStatus
    /// When the platform says it happened.
    public var platformTimestamp: Date

    public init(outboundID: UUID, status: ReceiptStatus, platformTimestamp: Date) {
        self.outboundID = outboundID
        self.status = status
        self.platformTimestamp = platformTimestamp
    }

    enum CodingKeys: String, CodingKey {
        case outboundID = "outbound_id"
        case status
        case platformTimestamp = "platform_timestamp"
    }
}
