import Messaging

/// What routing needs to know about one inbound message. It carries plaintext (text, peer id)
/// because routing runs before the message is sealed; the decision never keeps either.
public struct RoutingInput: Sendable {
    public var channel: ChannelKind
    /// The bot or business account the message was sent to.
    public var accountID: String
    public var conversationID: ConversationID
    /// The sender's pseudonymous subject id (`s_…`), what allowlists and pairing refer to.
    public var senderSubjectID: String
    /// Whether the chat is a group rather than a direct chat with the bot.
    public var isGroup: Bool
    /// Whether the message addresses the bot (mention, reply to the bot, command).
    public var mentionsBot: Bool
    /// The plaintext text, matched against rules' text patterns; nil when the message has none.
    public var text: String?
    /// The platform chat (or, in direct chats, user) id, matched against rules' peer patterns.
    public var peerID: String

    public init(
        channel: ChannelKind,
        accountID: String,
        conversationID: ConversationID,
        senderSubjectID: String,
        isGroup: Bool = false,
        mentionsBot: Bool = false,
        text: String? = nil,
        peerID: String
    ) {
        self.channel = channel
        self.accountID = accountID
        self.conversationID = conversationID
        self.senderSubjectID = senderSubjectID
        self.isGroup = isGroup
        self.mentionsBot = mentionsBot
        self.text = text
        self.peerID = peerID
    }
}
