/// `message.unsupported`: a platform sent a payload type the channel adapter does not handle yet
/// (a sticker, a poll…). It was acknowledged and is recorded here instead of being dropped silently.
/// Holds no personal data: not even the sender.
public struct MessageUnsupported: EventPayload {
    public static let eventType = "message.unsupported"
    public static let schemaVersion = 1

    public var channel: ChannelKind
    public var accountID: String
    public var platformMessageID: String
    /// The platform's name for the payload type, e.g. `poll` or `reaction`.
    public var payloadType: String

    public init(channel: ChannelKind, accountID: String, platformMessageID: String, payloadType: String) {
        self.channel = channel
        self.accountID = accountID
        self.platformMessageID = platformMessageID
        self.payloadType = payloadType
    }

    enum CodingKeys: String, CodingKey {
        case channel
        case accountID = "account_id"
        case platformMessageID = "platform_message_id"
        case payloadType = "payload_type"
    }
}
