/// Whether the bot answers every message in a group chat or only those that address it.
public enum GroupBehaviour: String, Codable, Sendable, CaseIterable {
    /// Answer only messages that mention the bot (or reply to it); others are recorded, not answered.
    case mentionOnly = "mention_only"
    /// Answer every group message.
    case allMessages = "all_messages"

    public init(from decoder: any Decoder) throws {
        let value = try ConfigurationDecoding.keyword(
            in: decoder,
            allowed: Self.allCases.map(\.rawValue),
            code: .invalidValue,
            what: "group behaviour"
        )
        self = GroupBehaviour(rawValue: value)!
    }
}
