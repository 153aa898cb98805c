/// A member's standing in a chat (the `ChatMember` variants, reduced to what we read). In a
/// private chat the bot's own status `kicked` means the user blocked it, `member` unblocked.
public struct TelegramChatMember: Codable, Sendable, Equatable {
    /// `creator`, `administrator`, `member`, `restricted`, `left` or `kicked`.
    public var status: String
    public var user: TelegramUser

    public init(status: String, user: TelegramUser) {
        self.status = status
        self.user = user
    }
}
