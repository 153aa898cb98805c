/// A change of a member's status in a chat (`ChatMemberUpdated`), e.g. `my_chat_member` when a
/// user blocks or unblocks the bot.
public struct TelegramChatMemberUpdated: Codable, Sendable, Equatable {
    public var chat: TelegramChat
    public var from: TelegramUser
    /// Unix time in seconds.
    public var date: Int64
    public var oldChatMember: TelegramChatMember
    public var newChatMember: TelegramChatMember

    public init(
        chat: TelegramChat, from: TelegramUser, date: Int64, oldChatMember: TelegramChatMember,
        newChatMember: TelegramChatMember
    ) {
        self.chat = chat
        self.from = from
        self.date = date
        self.oldChatMember = oldChatMember
        self.newChatMember = newChatMember
    }

    enum CodingKeys: String, CodingKey {
        case chat, from, date
        case oldChatMember = "old_chat_member"
        case newChatMember = "new_chat_member"
    }
}
