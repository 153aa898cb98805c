extension FakeTelegramBotAPI {
    /// How the Telegram fake behaves; defaults suit unit tests.
    public struct Configuration: Sendable {
        /// The bot token clients must put in `/bot<token>/<method>`; its digits before `:` are the bot id.
        public var token: String
        /// `username` of the bot user in results (without `@`).
        public var botUsername: String
        /// `first_name` of the bot user in results.
        public var botFirstName: String
        /// Upper bound on a `getUpdates` long poll, whatever `timeout` the client asks for,
        /// so tests and shutdown never wait on a 30-second poll.
        public var maximumLongPollTimeout: Duration
        /// How often a waiting long poll re-checks the queue.
        public var longPollInterval: Duration
        /// `update_id` given to the first enqueued update.
        public var firstUpdateID: Int64
        /// `message_id` returned by the first successful `sendMessage`.
        public var firstMessageID: Int64
        /// `sendMessage` text limit, counted in UTF-16 code units as Telegram counts entity offsets.
        public var maximumTextLength: Int

        /// Creates a configuration; every parameter has a test-friendly default.
        public init(
            token: String = "123456789:AAFakeTokenForSwitchboardTests",
            botUsername: String = "switchboard_test_bot",
            botFirstName: String = "Switchboard",
            maximumLongPollTimeout: Duration = .seconds(2),
            longPollInterval: Duration = .milliseconds(5),
            firstUpdateID: Int64 = 100_000,
            firstMessageID: Int64 = 1,
            maximumTextLength: Int = 4096
        ) {
            self.token = token
            self.botUsername = botUsername
            self.botFirstName = botFirstName
            self.maximumLongPollTimeout = maximumLongPollTimeout
            self.longPollInterval = longPollInterval
            self.firstUpdateID = firstUpdateID
            self.firstMessageID = firstMessageID
            self.maximumTextLength = maximumTextLength
        }

        /// The bot's user id: the digits of the token before `:`.
        public var botID: Int64 {
            Int64(token.prefix { $0 != ":" }) ?? 0
        }
    }
}
