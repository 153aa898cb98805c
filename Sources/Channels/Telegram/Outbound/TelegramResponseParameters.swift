/// The `parameters` object of a failed Bot API call (`ResponseParameters`).
public struct TelegramResponseParameters: Codable, Sendable, Equatable {
    /// Seconds to wait before repeating the request (429).
    public var retryAfter: Int?
    /// The group was upgraded to a supergroup with this id; send there instead.
    public var migrateToChatID: Int64?

    public init(retryAfter: Int? = nil, migrateToChatID: Int64? = nil) {
        self.retryAfter = retryAfter
        self.migrateToChatID = migrateToChatID
    }

    enum CodingKeys: String, CodingKey {
        case retryAfter = "retry_after"
        case migrateToChatID = "migrate_to_chat_id"
    }
}
