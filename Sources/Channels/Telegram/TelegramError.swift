/// An error from the Telegram adapter's pure core: what went wrong (`code`) and where (the JSON
/// field, the request parameter, the update id). It never carries message text, names, tokens
/// or secrets, so it is safe to log and to return in a 4xx body.
public struct TelegramError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kind of failure; new kinds can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case invalidSecretToken
            case secretTokenMismatch
            case malformedUpdate
            case invalidRequest
            case invalidBotToken
            case malformedResponse
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The configured webhook secret is not 1–256 characters of `A-Z a-z 0-9 _ -`.
        public static let invalidSecretToken = Code(.invalidSecretToken)
        /// The `X-Telegram-Bot-Api-Secret-Token` header is missing or does not match the secret.
        public static let secretTokenMismatch = Code(.secretTokenMismatch)
        /// An update body is not JSON, or lacks a required field, or has a field of the wrong type.
        public static let malformedUpdate = Code(.malformedUpdate)
        /// An outbound request parameter breaks a Bot API limit (empty text, callback data too long…).
        public static let invalidRequest = Code(.invalidRequest)
        /// The bot token is not of the form `<digits>:<A-Z a-z 0-9 _ ->`.
        public static let invalidBotToken = Code(.invalidBotToken)
        /// A Bot API response is not the `{"ok":…}` envelope or its `result` has the wrong shape.
        public static let malformedResponse = Code(.malformedResponse)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// What happened and how to fix it, in words (no payload values).
    public var message: String
    /// The JSON field or request parameter involved, e.g. `message.chat.id` or `callback_data`.
    public var field: String?
    /// The configuration key involved, e.g. `channels.telegram.webhook_secret`.
    public var configKey: String?
    /// The Bot API method involved, e.g. `sendMessage`.
    public var method: String?

    public init(
        code: Code,
        message: String,
        field: String? = nil,
        configKey: String? = nil,
        method: String? = nil
    ) {
        self.code = code
        self.message = message
        self.field = field
        self.configKey = configKey
        self.method = method
    }

    public var description: String {
        var text = "telegram \(code): \(message)"
        if let field { text += " [field \(field)]" }
        if let configKey { text += " [config \(configKey)]" }
        if let method { text += " [method \(method)]" }
        return text
    }
}
