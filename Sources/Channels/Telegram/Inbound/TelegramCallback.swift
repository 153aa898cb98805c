/// A press on an inline keyboard button, to be routed like a reply and answered with
/// `answerCallbackQuery(callbackQueryID)`.
public struct TelegramCallback: Sendable, Equatable {
    public var updateID: Int64
    /// Pass to `answerCallbackQuery`; unique per press.
    public var queryID: String
    /// Who pressed. Personal data: seal before storing.
    public var from: TelegramUser
    /// The button's `callback_data`; `nil` for game buttons.
    public var data: String?
    /// The message carrying the keyboard; `nil` for inline-mode messages.
    public var messageID: Int64?
    public var chatID: Int64?
    public var chatKind: TelegramChatKind?
    /// Set instead of `messageID`/`chatID` for messages sent in inline mode.
    public var inlineMessageID: String?

    public init(
        updateID: Int64, queryID: String, from: TelegramUser, data: String? = nil, messageID: Int64? = nil,
        chatID: Int64? = nil, chatKind: TelegramChatKind? = nil, inlineMessageID: String? = nil
    ) {
        self.updateID = updateID
        self.queryID = queryID
        self.from = from
        self.data = data
        self.messageID = messageID
        self.chatID = chatID
        self.chatKind = chatKind
        self.inlineMessageID = inlineMessageID
    }

    /// Identifies the press across retries: `callback:<query id>`.
    public var dedupKey: String { "callback:\(queryID)" }
}
