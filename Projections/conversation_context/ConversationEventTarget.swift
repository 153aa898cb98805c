import Foundation
import Messaging

/// Which `conversation_context` rows an event touches, so the projector loads exactly those rows
/// before folding (the fold itself only sees one row at a time).
public enum ConversationEventTarget: Sendable, Equatable {
    /// The row of this conversation (`message.received`, `routing.decided`, `outbound.queued`).
    case conversation(ConversationID)
    /// The row whose conversation queued this outbound message (`outbound.delivered`, `outbound.failed`);
    /// the projector keeps the outbound id → conversation map (`rm_conversation_outbound`).
    case outbound(UUID)
    /// Every row this subject takes part in (`subject.erased`).
    case subject(String)
    /// The read model does not consume the event.
    case none
}
