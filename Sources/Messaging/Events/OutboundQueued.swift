import Foundation
import Privacy

/// `outbound.queued`: an agent decided to send a message; the delivery worker (transactional outbox)
/// sends it and records the outcome against ``outboundID``. It carries everything delivery needs, so
/// the worker reads nothing else: personal parts are sealed under the recipient's subject key, and
/// once the recipient is erased the message can no longer be sent.
public struct OutboundQueued: EventPayload {
    public static let eventType = "outbound.queued"
    public static let schemaVersion = 1

    /// Identifies this outbound message in every later delivery event.
    public var outboundID: UUID
    public var conversationID: ConversationID
    public var channel: ChannelKind
    public var accountID: String
    /// The pseudonymous subject the message goes to (whose key sealed ``text``).
    public var recipientSubjectID: String
    /// The platform chat to send to, sealed (the conversation id cannot be turned back into it).
    public var platformChatID: SealedField
    public var text: SealedField
    /// Interactive buttons or list rows to offer, if any.
    public var buttons: [OutboundButton]?
    /// The platform message id to reply to (quote), if any.
    public var replyToPlatformMessageID: String?
    /// The event that caused this message (usually the `message.received` it answers).
    public var causationEventID: UUID?
    /// A pre-approved template to send instead of free-form text where the platform requires one
    /// (WhatsApp outside the customer-service window); ``text`` is then the fallback for other channels.
    public var template: OutboundTemplate?

    public init(
        outboundID: UUID,
        conversationID: ConversationID,
        channel: ChannelKind,
        accountID: String,
        recipientSubjectID: String,
        platformChatID: SealedField,
        text: SealedField,
        buttons: [OutboundButton]? = nil,
        replyToPlatformMessageID: String? = nil,
        causationEventID: UUID? = nil,
        template: OutboundTemplate? = nil
    ) {
        self.outboundID = outboundID
        self.conversationID = conversationID
        self.channel = channel
        self.accountID = accountID
        self.recipientSubjectID = recipientSubjectID
        self.platformChatID = platformChatID
        self.text = text
        self.buttons = buttons
        self.replyToPlatformMessageID = replyToPlatformMessageID
        self.causationEventID = causationEventID
        self.template = template
    }

    public var subjectID: String? { recipientSubjectID }

    enum CodingKeys: String, CodingKey {
        case outboundID = "outbound_id"
        case conversationID = "conversation_id"
        case channel
        case accountID = "account_id"
        case recipientSubjectID = "recipient_subject_id"
        case platformChatID = "platform_chat_id"
        case text
        case buttons
        case replyToPlatformMessageID = "reply_to_platform_message_id"
        case causationEventID = "causation_event_id"
        case template
    }
}
