/// A chat (`Chat` in the Bot API). `type` stays a string on the wire so a chat type Telegram
/// adds later still decodes; `kind` maps the ones we know.
public struct TelegramChat: Codable, Sendable, Equatable {
    public var id: Int64
    /// `private`, `group`, `supergroup` or `channel`.
    public var type: String
    public var title: String?
    public var username: String?
    public var firstName: String?
    public var lastName: String?

    public init(
        id: Int64, type: String, title: String? = nil, username: String? = nil, firstName: String? = nil,
        lastName: String? = nil
    ) {
        self.id = id
        self.type = type
        self.title = title
        self.username = username
        self.firstName = firstName
        self.lastName = lastName
    }

    /// The chat type, or `nil` for a type this adapter does not know.
    public var kind: TelegramChatKind? { TelegramChatKind(rawValue: type) }

    enum CodingKeys: String, CodingKey {
        case id, type, title, username
        case firstName = "first_name"
        case lastName = "last_name"
    }
}
