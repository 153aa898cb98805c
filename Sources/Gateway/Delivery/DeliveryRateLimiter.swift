/// The send limits of one channel account: a global bucket plus a bucket per chat.
///
/// A send is admitted only when the global bucket and the chat's bucket both have a token,
/// and then takes one from each; otherwise nothing is taken and the caller learns how long
/// to wait. Chat buckets that have refilled completely and stayed idle are forgotten, which
/// loses nothing (a new bucket starts full) and keeps memory bounded by recent chats.
public struct DeliveryRateLimiter: Sendable {
    /// The limits to enforce and how eagerly idle chats are forgotten.
    public struct Configuration: Hashable, Sendable {
        /// The limit across all chats of the account.
        public var global: RateLimit
        /// The limit for each one-to-one chat.
        public var perChat: RateLimit
        /// The limit for each group chat.
        public var perGroup: RateLimit
        /// A chat bucket idle (untouched and full) at least this long may be forgotten.
        public var idleEviction: Duration

        /// Creates a configuration; `idleEviction` must be positive.
        public init(
            global: RateLimit, perChat: RateLimit, perGroup: RateLimit, idleEviction: Duration = .seconds(60)
        ) throws(DeliveryConfigurationError) {
            try DeliveryConfigurationError.requirePositive(idleEviction, "rateLimiter.idleEviction")
            self.global = global
            self.perChat = perChat
            self.perGroup = perGroup
            self.idleEviction = idleEviction
        }

        /// Telegram Bot API limits: about 30 messages/s overall, 1/s per chat, and
        /// 20/min per group (no burst, so a rolling minute stays near 20).
        public static let telegram: Configuration = {
            do {
                return try Configuration(
                    global: .perSecond(30),
                    perChat: .perSecond(1),
                    perGroup: .perMinute(20, burst: 1)
                )
            } catch {
                preconditionFailure("built-in Telegram limits are valid: \(error)")
            }
        }()
    }

    /// Whether a send may go now.
    public enum Decision: Hashable, Sendable {
        /// Send now; the tokens have been taken.
        case send
        /// Ask again after this long; nothing has been taken.
        case wait(Duration)
    }

    private struct ChatKey: Hashable, Sendable {
        var chat: String
        var isGroup: Bool
    }

    /// The configuration in force.
    public let configuration: Configuration
    private var global: TokenBucket
    private var chats: [ChatKey: TokenBucket] = [:]
    private var lastSweep: DeliveryInstant

    /// Creates a limiter whose buckets all start full at `now`.
    public init(configuration: Configuration, now: DeliveryInstant) {
        self.configuration = configuration
        self.global = TokenBucket(limit: configuration.global, now: now)
        self.lastSweep = now
    }

    /// The number of chat buckets currently remembered.
    public var trackedChatCount: Int { chats.count }

    /// Admits or defers one send to `chat` at `instant`.
    public mutating func admit(chat: String, isGroup: Bool, at instant: DeliveryInstant) -> Decision {
        if instant - lastSweep >= configuration.idleEviction {
            evictIdleChats(at: instant)
        }
        let key = ChatKey(chat: chat, isGroup: isGroup)
        var chatBucket =
            chats[key] ?? TokenBucket(limit: isGroup ? configuration.perGroup : configuration.perChat, now: instant)
        let wait = max(global.timeUntilAvailable(at: instant), chatBucket.timeUntilAvailable(at: instant))
        guard wait == .zero else { return .wait(wait) }
        let tookGlobal = global.tryTake(at: instant)
        let tookChat = chatBucket.tryTake(at: instant)
        assert(tookGlobal && tookChat, "both buckets reported a token available")
        chats[key] = chatBucket
        return .send
    }

    /// Forgets every chat bucket that is full at `instant` and was last used at least
    /// `idleEviction` earlier. `admit` calls this at most once per `idleEviction`.
    public mutating func evictIdleChats(at instant: DeliveryInstant) {
        let idleSince = instant - configuration.idleEviction
        chats = chats.filter { _, bucket in
            !(bucket.updatedAt <= idleSince && bucket.isFull(at: instant))
        }
        lastSweep = instant
    }
}
