/// A marked span in a message's text or caption (`MessageEntity`): a mention, a bot command, a
/// link… `offset` and `length` count UTF-16 code units, not characters.
public struct TelegramMessageEntity: Codable, Sendable, Equatable {
    /// `mention`, `bot_command`, `url`, `text_mention`, `bold`, …
    public var type: String
    /// Start of the span in UTF-16 code units.
    public var offset: Int
    /// Length of the span in UTF-16 code units.
    public var length: Int
    public var url: String?
    public var user: TelegramUser?

    public init(type: String, offset: Int, length: Int, url: String? = nil, user: TelegramUser? = nil) {
        self.type = type
        self.offset = offset
        self.length = length
        self.url = url
        self.user = user
    }

    /// The span's text within `text`, or `nil` if the offsets fall outside it or cut a
    /// surrogate pair (a malformed entity is ignored rather than trusted).
    public func substring(in text: String) -> String? {
        let units = text.utf16
        guard offset >= 0, length >= 0,
            let start = units.index(units.startIndex, offsetBy: offset, limitedBy: units.endIndex),
            let end = units.index(start, offsetBy: length, limitedBy: units.endIndex)
        else { return nil }
        return String(units[start..<end])
    }
}
