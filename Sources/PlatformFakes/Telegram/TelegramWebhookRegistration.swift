import JSONValues

/// The webhook a client registered with `setWebhook`, as the Telegram fake remembers it.
public struct TelegramWebhookRegistration: Sendable, Hashable {
    /// The HTTPS URL Telegram would POST updates to.
    public var url: String
    /// The `secret_token` Telegram would send in `X-Telegram-Bot-Api-Secret-Token`.
    public var secretToken: String?
    /// `max_connections`, if given.
    public var maxConnections: Int?
    /// `allowed_updates`, if given (a JSON array, or its JSON text in form bodies).
    public var allowedUpdates: JSONValue?
}
