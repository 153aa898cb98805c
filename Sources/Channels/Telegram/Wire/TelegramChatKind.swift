/// The kind of a Telegram chat; decides mention gating (groups) and reply policy (private chats).
public enum TelegramChatKind: String, Codable, Sendable, Equatable, CaseIterable {
    case `private`
    case group
    case supergroup
    case channel

    /// Whether several people share the chat, so the bot should answer only when addressed.
    public var isGroup: Bool { self == .group || self == .supergroup }
}
