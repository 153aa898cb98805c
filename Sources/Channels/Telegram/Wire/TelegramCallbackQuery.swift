/// A press on an inline keyboard button (`CallbackQuery`). Must be answered with
/// `answerCallbackQuery`, or the user's client keeps showing a spinner.
public struct TelegramCallbackQuery: Codable, Sendable, Equatable {
    public var id: String
    public var from: TelegramUser
    /// The message the keyboard was attached to; absent for inline-mode messages. Older than
    /// 48 hours it comes as an "inaccessible message" with `date` 0.
    public var message: TelegramMessage?
    public var inlineMessageID: String?
    public var chatInstance: String
    /// The button's `callback_data`, 1–64 bytes.
    public var data: String?
    public var gameShortName: String?

    public init(
        id: String, from: TelegramUser, message: TelegramMessage? = nil, inlineMessageID: String? = nil,
        chatInstance: String, data: String? = nil, gameShortName: String? = nil
    ) {
        self.id = id
        self.from = from
        self.message = message
        self.inlineMessageID = inlineMessageID
        self.chatInstance = chatInstance
        self.data = data
        self.gameShortName = gameShortName
    }

    enum CodingKeys: String, CodingKey {
        case id, from, message
        case inlineMessageID = "inline_message_id"
        case chatInstance = "chat_instance"
        case data
        case gameShortName = "game_short_name"
    }
}
