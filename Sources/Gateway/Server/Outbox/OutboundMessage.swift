/// One message to send, opened for the adapter that sends it: plaintext lives only in memory for
/// the duration of the send.
public struct OutboundMessage: Sendable {
    public var account: String
    /// The platform chat (Telegram chat id, WhatsApp phone number) to send to.
    public var chatID: String
    public var text: String
    /// Reply buttons as (id, title).
    public var buttons: [(id: String, title: String)]
    public var replyToPlatformMessageID: String?
    /// A template (name, language, body parameters) for platforms that have them.
    public var template: (name: String, language: String, parameters: [String])?

    public init(account: String, chatID: String, text: String, buttons: [(id: String, title: String)] = [], replyToPlatformMessageID: String? = nil) {
        self.account = account
        self.chatID = chatID
        self.text = text
        self.buttons = buttons
        self.replyToPlatformMessageID = replyToPlatformMessageID
    }
}
