import Foundation
import Privacy

/// A message from any channel in the one shape agents, routing and the event log see. Channel
/// adapters translate platform payloads into it (through ``MessageDraft``) and back.
///
/// Personal data (text, names, platform user and chat ids, captions, locations, interactive labels)
/// is only ever held as `SealedField`, sealed under the sender's subject key, so the value can be
/// stored and logged as is and becomes unreadable once the sender is erased. Non-personal facts
/// (channel, account, ids the platform assigns to messages and files, kinds, sizes, MIME types,
/// times) stay plaintext so routing and analytics survive erasure. ``unsealed(using:)`` opens it.
public struct UniversalMessage: Codable, Sendable, Equatable {
    /// The platform the message came on.
    public var channel: ChannelKind
    /// The bot or business number the message was sent to (Telegram bot id, WhatsApp phone number id).
    public var accountID: String
    /// The pseudonymous conversation; never the platform's chat id (see ``ConversationID``).
    public var conversationID: ConversationID
    /// The platform's chat id (where replies go), sealed under the sender's subject key.
    public var platformChatID: SealedField
    /// Whether the chat is a group (several people) rather than a direct chat with the bot.
    public var isGroupChat: Bool
    /// Whether the message addresses the bot explicitly (a mention, a reply to the bot, a command);
    /// routing uses it to stay quiet in groups unless addressed.
    public var mentionsAccount: Bool
    /// Who sent it.
    public var sender: MessageSender
    /// The text, sealed; nil for a message that is only attachments, a location or an interactive reply.
    public var text: SealedField?
    /// Files sent with the message, in the platform's order.
    public var attachments: [MessageAttachment]
    /// The platform message id of the message this one replies to.
    public var replyToPlatformMessageID: String?
    /// The answer to a button, list or callback the bot sent.
    public var interactiveReply: InteractiveReply?
    /// A shared location.
    public var location: MessageLocation?
    /// The platform's id of this message (with ``channel`` and ``accountID``, it makes the event id).
    public var platformMessageID: String
    /// When the platform says the message was sent (or edited, for an edit).
    public var platformTimestamp: Date
    /// True when this is a new version of an earlier message with the same ``platformMessageID``.
    public var isEdit: Bool

    public init(
        channel: ChannelKind,
        accountID: String,
        conversationID: ConversationID,
        platformChatID: SealedField,
        isGroupChat: Bool = false,
        mentionsAccount: Bool = false,
        sender: MessageSender,
        text: SealedField? = nil,
        attachments: [MessageAttachment] = [],
        replyToPlatformMessageID: String? = nil,
        interactiveReply: InteractiveReply? = nil,
        location: MessageLocation? = nil,
        platformMessageID: String,
        platformTimestamp: Date,
        isEdit: Bool = false
    ) {
        self.channel = channel
        self.accountID = accountID
        self.conversationID = conversationID
        self.platformChatID = platformChatID
        self.isGroupChat = isGroupChat
        self.mentionsAccount = mentionsAccount
        self.sender = sender
        self.text = text
        self.attachments = attachments
        self.replyToPlatformMessageID = replyToPlatformMessageID
        self.interactiveReply = interactiveReply
        self.location = location
        self.platformMessageID = platformMessageID
        self.platformTimestamp = platformTimestamp
        self.isEdit = isEdit
    }

    enum CodingKeys: String, CodingKey {
        case channel
        case accountID = "account_id"
        case conversationID = "conversation_id"
        case platformChatID = "platform_chat_id"
        case isGroupChat = "is_group_chat"
        case mentionsAccount = "mentions_account"
        case sender
        case text
        case attachments
        case replyToPlatformMessageID = "reply_to_platform_message_id"
        case interactiveReply = "interactive_reply"
        case location
        case platformMessageID = "platform_message_id"
        case platformTimestamp = "platform_timestamp"
        case isEdit = "is_edit"
    }
}
