/// Whether a chat is a group (several people) or a direct chat with the bot; a rule criterion.
public enum ChatKind: String, Codable, Sendable, CaseIterable {
    /// A group chat.
    case group
    /// A direct (one-to-one) chat with the bot.
    case direct

    public init(from decoder: any Decoder) throws {
        let value = try ConfigurationDecoding.keyword(
            in: decoder,
            allowed: Self.allCases.map(\.rawValue),
            code: .invalidValue,
            what: "a chat kind"
        )
        self = ChatKind(rawValue: value)!
    }
}
