import Foundation

/// One message of a conversation as the read API shows it (`GET /v1/conversations/{id}/messages`):
/// its text unsealed on read, or `[erased]` once its subject was erased.
public struct ConversationMessage: Codable, Sendable, Equatable {
    public var eventID: UUID
    public var direction: MessageDirection
    public var globalPosition: Int64
    public var occurredAt: Date
    /// The pseudonymous subject.
    public var subjectID: String
    /// The plaintext, `[erased]`, or nil for a message without text.
    public var text: String?
    public var isEdit: Bool
    public var outboundID: UUID?
    public var deliveryStatus: OutboundDeliveryStatus?

    enum CodingKeys: String, CodingKey {
        case eventID = "event_id"
        case direction
        case globalPosition = "global_position"
        case occurredAt = "occurred_at"
        case subjectID = "subject_id"
        case text
        case isEdit = "is_edit"
        case outboundID = "outbound_id"
        case deliveryStatus = "delivery_status"
    }
}
