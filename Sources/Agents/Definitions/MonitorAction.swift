/// What a monitoring agent does when a condition starts to hold.
public enum MonitorAction: Sendable, Equatable {
    /// Sends a message to an operator chat through a configured channel account.
    case message(OperatorMessageAction)
    /// POSTs the alert as JSON to a URL.
    case http(HTTPAlertAction)
}

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

/// An alert POSTed as JSON, signed like integration webhooks when `secret_env` is given.
public struct HTTPAlertAction: Sendable, Equatable {
    public var url: String
    public var secretEnvironmentVariable: String?
    public var timeoutSeconds: Double

    public init(url: String, secretEnvironmentVariable: String? = nil, timeoutSeconds: Double = 5) {
        self.url = url
        self.secretEnvironmentVariable = secretEnvironmentVariable
        self.timeoutSeconds = timeoutSeconds
    }
}
