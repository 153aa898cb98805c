/// The messaging platform a message travels on. A struct rather than an enum so new channels can be
/// added (by this package or a deployment) without breaking code that switches over the known ones.
///
/// The raw value is part of subject pseudonyms, conversation ids and event ids, so it must never
/// change for an existing channel: lowercase ASCII letters, digits and `_`, starting with a letter.
public struct ChannelKind: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// A channel named `rawValue`, or nil unless it is 1–32 characters of `a-z`, `0-9` and `_`,
    /// starting with a letter. Decoding an invalid name fails the same way.
    public init?(rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    private init(known rawValue: String) {
        self.rawValue = rawValue
    }

    /// Telegram Bot API.
    public static let telegram = ChannelKind(known: "telegram")
    /// WhatsApp Cloud API.
    public static let whatsapp = ChannelKind(known: "whatsapp")
    /// The built-in web chat.
    public static let webchat = ChannelKind(known: "webchat")
    /// Slack.
    public static let slack = ChannelKind(known: "slack")
    /// Discord.
    public static let discord = ChannelKind(known: "discord")
    /// Email.
    public static let email = ChannelKind(known: "email")

    public var description: String { rawValue }

    private static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...32).contains(bytes.count), (0x61...0x7a).contains(bytes[0]) else { return false }
        return bytes.allSatisfy { (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5f }
    }
}
