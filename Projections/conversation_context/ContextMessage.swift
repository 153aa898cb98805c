import Foundation
import Privacy

/// One message in a conversation's recent-messages window: a reference to the event that carries
/// it, with its text still sealed under the subject's key. The text is unsealed only when the
/// context is read, so the read model never stores plaintext and an erased subject's text is
/// unreadable even before its rows are purged.
public struct ContextMessage: Codable, Sendable, Equatable {
    /// The `message.received` or `outbound.queued` event that carries the message.
    public var eventID: UUID
    public var direction: MessageDirection
    /// The event's global position in the log (for ordering and for reading the full event).
    public var globalPosition: Int64
    /// When the event occurred.
    public var occurredAt: Date
    /// The pseudonymous subject who sent (inbound) or receives (outbound) the message; its erasure purges it.
    public var subjectID: String
    /// The text, sealed under ``subjectID``'s key; nil for a message without text.
    public var text: SealedField?
    /// True for an inbound edit of an earlier message.
    public var isEdit: Bool
    /// The outbound message's id (outbound only).
    public var outboundID: UUID?
    /// The delivery outcome so far (outbound only).
    public var deliveryStatus: OutboundDeliveryStatus?
    /// Whether a failed delivery will be tried again (outbound only, after `outbound.failed`).
    public var retryable: Bool?

    public init(
        eventID: UUID,
        direction: MessageDirection,
        globalPosition: Int64,
        occurredAt: Date,
        subjectID: String,
        text: SealedField?,
        isEdit: Bool = false,
        outboundID: UUID? = nil,
        deliveryStatus: OutboundDeliveryStatus? = nil,
        retryable: Bool? = nil
    ) {
        self.eventID = eventID
        self.direction = direction
        self.globalPosition = globalPosition
        self.occurredAt = occurredAt
        self.subjectID = subjectID
        self.text = text
        self.isEdit = isEdit
        self.outboundID = outboundID
        self.deliveryStatus = deliveryStatus
        self.retryable = retryable
    }
}
