/// What one Telegram update means to the gateway. Every well-formed update maps to exactly one
/// case, so nothing Telegram delivers is dropped silently.
public enum TelegramInbound: Sendable, Equatable {
    /// A new or edited message with content the adapter handles.
    case message(TelegramInboundMessage)
    /// A press on an inline keyboard button.
    case callback(TelegramCallback)
    /// A payload the adapter does not handle yet (`sticker`, `poll`, `dice`, `my_chat_member`…):
    /// acknowledge it and record it as `message.unsupported`.
    case unsupported(updateID: Int64, kind: String)

    /// The update's id: the long-polling offset is the highest one seen plus one.
    public var updateID: Int64 {
        switch self {
        case .message(let message): message.updateID
        case .callback(let callback): callback.updateID
        case .unsupported(let updateID, _): updateID
        }
    }

    /// A key that stays the same when Telegram delivers the same thing again; the gateway
    /// prefixes it with the channel account to form the event id. Messages use
    /// `(chat id, message id)`, callbacks the query id, unsupported payloads the update id.
    public var dedupKey: String {
        switch self {
        case .message(let message): message.dedupKey
        case .callback(let callback): callback.dedupKey
        case .unsupported(let updateID, _): "update:\(updateID)"
        }
    }
}
