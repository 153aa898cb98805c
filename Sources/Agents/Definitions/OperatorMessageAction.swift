/// An alert sent as a chat message: `chat_id` (or the variable `chat_id_env` names) on a
/// configured Telegram or WhatsApp account.
public struct OperatorMessageAction: Sendable, Equatable {
    public var channel: String
    public var account: String
    public var chatID: String?
    public var chatIDEnvironmentVariable: String?
    /// The message, with `{{agent}}`, `{{condition}}`, `{{group}}`, `{{value}}`, `{{threshold}}` and
    /// `{{window}}` replaced; nil for the standard text.
    public var text: String?

    public init(channel: String, account: String, chatID: String? = nil, chatIDEnvironmentVariable: String? = nil, text: String? = nil) {
        self.channel = channel
        self.account = account
        self.chatID = chatID
        self.chatIDEnvironmentVariable = chatIDEnvironmentVariable
        self.text = text
    }
}
