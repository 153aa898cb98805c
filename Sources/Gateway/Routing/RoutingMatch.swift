import Messaging

/// What a rule matches; every criterion given must hold, and a match with none matches everything.
///
/// YAML keys: `channel`, `account`, `peer` (see ``PeerPattern``), `chat` (`group | direct`), `text`
/// (a regular expression, see ``TextPattern``) and `ignore_case` (for `text`, default false).
public struct RoutingMatch: Codable, Sendable, Equatable {
    public var channel: ChannelKind?
    /// The bot or business account id the message was sent to.
    public var account: String?
    /// The platform chat or user id.
    public var peer: PeerPattern?
    public var chat: ChatKind?
    public var text: TextPattern?

    public init(
        channel: ChannelKind? = nil,
        account: String? = nil,
        peer: PeerPattern? = nil,
        chat: ChatKind? = nil,
        text: TextPattern? = nil
    ) {
        self.channel = channel
        self.account = account
        self.peer = peer
        self.chat = chat
        self.text = text
    }

    /// True when every criterion holds for `input`. A text criterion never matches a message without text.
    public func matches(_ input: RoutingInput) -> Bool {
        if let channel, channel != input.channel { return false }
        if let account, account != input.accountID { return false }
        if let chat, (chat == .group) != input.isGroup { return false }
        if let peer, !peer.matches(input.peerID) { return false }
        if let text {
            guard let messageText = input.text, text.matches(messageText) else { return false }
        }
        return true
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case channel, account, peer, chat, text
        case ignoreCase = "ignore_case"
    }

    public init(from decoder: any Decoder) throws {
        try ConfigurationDecoding.rejectUnknownKeys(in: decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        channel = try container.contains(.channel) ? ConfigurationDecoding.channel(container, .channel) : nil
        account = try container.contains(.account)
            ? ConfigurationDecoding.nonEmpty(container, .account, what: "an account") : nil
        // `contains` + `decode` rather than `decodeIfPresent`: Yams reads `""` as null, which would
        // silently drop an empty criterion instead of reporting it.
        peer = try container.contains(.peer)
            ? PeerPattern(ConfigurationDecoding.nonEmpty(container, .peer, what: "a peer pattern")) : nil
        chat = try container.decodeIfPresent(ChatKind.self, forKey: .chat)
        let ignoreCase = try container.decodeIfPresent(Bool.self, forKey: .ignoreCase) ?? false
        if container.contains(.text) {
            let pattern = try container.decode(String.self, forKey: .text)
            let keyPath = ConfigurationKey.keyPath(container.codingPath + [CodingKeys.text])
            text = try TextPattern(pattern: pattern, ignoresCase: ignoreCase, keyPath: keyPath)
        } else {
            text = nil
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(channel, forKey: .channel)
        try container.encodeIfPresent(account, forKey: .account)
        try container.encodeIfPresent(peer, forKey: .peer)
        try container.encodeIfPresent(chat, forKey: .chat)
        try container.encodeIfPresent(text?.pattern, forKey: .text)
        if text?.ignoresCase == true { try container.encode(true, forKey: .ignoreCase) }
    }
}
