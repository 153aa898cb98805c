/// A button of an inline keyboard under a sent message; pressing it sends a callback query
/// carrying `callbackData` back to the bot.
public struct TelegramInlineKeyboardButton: Sendable, Equatable {
    /// The most bytes (UTF-8) Telegram accepts in `callback_data`.
    public static let maximumCallbackDataBytes = 64

    /// The label shown on the button.
    public var text: String
    /// Returned in the callback query's `data`; 1–64 bytes of UTF-8.
    public var callbackData: String

    public init(text: String, callbackData: String) {
        self.text = text
        self.callbackData = callbackData
    }
}
