import Foundation
import Messaging

/// One thing a webhook (or poll) delivered, translated out of the platform's format: a message to
/// record and route, a payload type not handled yet, or a receipt for a message we sent.
public enum InboundItem: Sendable {
    case message(MessageDraft)
    /// Recorded as `message.unsupported` (acknowledged, never dropped silently).
    case unsupported(MessageUnsupported)
    /// A delivery receipt for the platform message `platformMessageID` that we sent.
    case receipt(platformMessageID: String, status: ReceiptStatus, at: Date, dedupKey: String)
}
