import Foundation
import TelegramChannel

/// One Telegram bot in `channels.telegram`.
///
/// ```yaml
/// - account: "123456789"            # the bot's numeric id (the part of the token before `:`)
///   bot_username: demo_bot          # for mention gating in groups
///   bot_token: ${TELEGRAM_BOT_TOKEN}
///   mode: webhook                   # webhook (default) | polling
///   webhook_secret: ${TELEGRAM_WEBHOOK_SECRET}   # required for webhook mode
///   api_base_url: https://api.telegram.org
///   allowed_ips: [149.154.160.0/20, 91.108.4.0/22]
/// ```
public struct TelegramAccountConfiguration: Sendable {
    public enum Mode: String, Sendable { case webhook, polling }

    public var account: String
    public var botUsername: String
    public var botToken: String
    public var mode: Mode
    public var webhookSecret: String?
    public var apiBaseURL: URL
    public var allowedSources: [IPAddressRange]

    public init(
        account: String, botUsername: String, botToken: String, mode: Mode = .webhook, webhookSecret: String?,
        apiBaseURL: URL = URL(string: "https://api.telegram.org")!, allowedSources: [IPAddressRange] = []
    ) {
        self.account = account
        self.botUsername = botUsername
        self.botToken = botToken
        self.mode = mode
        self.webhookSecret = webhookSecret
        self.apiBaseURL = apiBaseURL
        self.allowedSources = allowedSources
    }

    init(_ node: ConfigurationNode) throws(GatewayConfigurationError) {
        try node.requireMapping(allowed: [
            "account", "bot_username", "bot_token", "mode", "webhook_secret", "api_base_url", "allowed_ips",
        ])
        account = try node.child("account").requiredString()
        botUsername = try node.child("bot_username").requiredString()
        botToken = try node.child("bot_token").requiredString()
        do {
            try TelegramRequest.validateBotToken(botToken, configKey: node.child("bot_token").keyPath)
        } catch {
            throw node.child("bot_token").error("is not a Bot API token (`<bot id>:<secret>`)")
        }
        let modeText = try node.child("mode").string() ?? Mode.webhook.rawValue
        guard let mode = Mode(rawValue: modeText) else { throw node.child("mode").error("must be webhook or polling") }
        self.mode = mode
        webhookSecret = try node.child("webhook_secret").string()
        if mode == .webhook {
            guard let webhookSecret else { throw node.child("webhook_secret").error("is required in webhook mode") }
            do {
                try TelegramWebhookVerifier.validateSecretToken(webhookSecret, configKey: node.child("webhook_secret").keyPath)
            } catch {
                throw node.child("webhook_secret").error("must be 1–256 characters of A-Z, a-z, 0-9, _ and -")
            }
        }
        apiBaseURL = try node.child("api_base_url").url() ?? URL(string: "https://api.telegram.org")!
        allowedSources = try IPAddressRange.list(node.child("allowed_ips"))
    }
}
