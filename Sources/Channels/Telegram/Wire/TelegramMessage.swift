/// A message (`Message` in the Bot API), reduced to the fields the adapter reads. Fields the
/// model does not decode are listed in `otherFields`, so content such as a sticker or a poll is
/// recognised and recorded as unsupported instead of looking like an empty message.
public struct TelegramMessage: Codable, Sendable, Equatable {
    /// Unique within its chat; `(chat.id, messageID)` identifies the message.
    public var messageID: Int64
    /// Absent for channel posts.
    public var from: TelegramUser?
    /// The chat a message was sent on behalf of (channel posts, anonymous admins).
    public var senderChat: TelegramChat?
    /// Unix time in seconds; 0 for an inaccessible message.
    public var date: Int64
    public var chat: TelegramChat
    public var text: String?
    public var entities: [TelegramMessageEntity]?
    public var caption: String?
    public var captionEntities: [TelegramMessageEntity]?
    /// Sizes of a photo, smallest first.
    public var photo: [TelegramPhotoSize]?
    public var document: TelegramDocument?
    public var location: TelegramLocation?
    /// Set on edited messages: Unix time in seconds of the last edit.
    public var editDate: Int64?
    /// Shared by the messages of one album.
    public var mediaGroupID: String?
    /// Names of the fields present on the wire that this model does not decode, sorted.
    public var otherFields: [String]

    // An array gives the recursive `reply_to_message` the indirection a struct needs.
    private var replyStorage: [TelegramMessage]

    /// The message this one replies to (Telegram sends it without its own reply).
    public var replyToMessage: TelegramMessage? {
        get { replyStorage.first }
        set { replyStorage = newValue.map { [$0] } ?? [] }
    }

    public init(
        messageID: Int64, from: TelegramUser? = nil, senderChat: TelegramChat? = nil, date: Int64,
        chat: TelegramChat, text: String? = nil, entities: [TelegramMessageEntity]? = nil,
        caption: String? = nil, captionEntities: [TelegramMessageEntity]? = nil,
        photo: [TelegramPhotoSize]? = nil, document: TelegramDocument? = nil,
        location: TelegramLocation? = nil, replyToMessage: TelegramMessage? = nil,
        editDate: Int64? = nil, mediaGroupID: String? = nil, otherFields: [String] = []
    ) {
        self.messageID = messageID
        self.from = from
        self.senderChat = senderChat
        self.date = date
        self.chat = chat
        self.text = text
        self.entities = entities
        self.caption = caption
        self.captionEntities = captionEntities
        self.photo = photo
        self.document = document
        self.location = location
        self.replyStorage = replyToMessage.map { [$0] } ?? []
        self.editDate = editDate
        self.mediaGroupID = mediaGroupID
        self.otherFields = otherFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case messageID = "message_id"
        case from
        case senderChat = "sender_chat"
        case date, chat, text, entities, caption
        case captionEntities = "caption_entities"
        case photo, document, location
        case replyToMessage = "reply_to_message"
        case editDate = "edit_date"
        case mediaGroupID = "media_group_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        messageID = try container.decode(Int64.self, forKey: .messageID)
        from = try container.decodeIfPresent(TelegramUser.self, forKey: .from)
        senderChat = try container.decodeIfPresent(TelegramChat.self, forKey: .senderChat)
        date = try container.decode(Int64.self, forKey: .date)
        chat = try container.decode(TelegramChat.self, forKey: .chat)
        text = try container.decodeIfPresent(String.self, forKey: .text)
        entities = try container.decodeIfPresent([TelegramMessageEntity].self, forKey: .entities)
        caption = try container.decodeIfPresent(String.self, forKey: .caption)
        captionEntities = try container.decodeIfPresent([TelegramMessageEntity].self, forKey: .captionEntities)
        photo = try container.decodeIfPresent([TelegramPhotoSize].self, forKey: .photo)
        document = try container.decodeIfPresent(TelegramDocument.self, forKey: .document)
        location = try container.decodeIfPresent(TelegramLocation.self, forKey: .location)
        replyStorage = try container.decodeIfPresent(TelegramMessage.self, forKey: .replyToMessage).map { [$0] } ?? []
        editDate = try container.decodeIfPresent(Int64.self, forKey: .editDate)
        mediaGroupID = try container.decodeIfPresent(String.self, forKey: .mediaGroupID)
        let modelled = Set(CodingKeys.allCases.map(\.stringValue))
        otherFields = try TelegramFieldName.allNames(in: decoder).filter { !modelled.contains($0) }.sorted()
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(messageID, forKey: .messageID)
        try container.encodeIfPresent(from, forKey: .from)
        try container.encodeIfPresent(senderChat, forKey: .senderChat)
        try container.encode(date, forKey: .date)
        try container.encode(chat, forKey: .chat)
        try container.encodeIfPresent(text, forKey: .text)
        try container.encodeIfPresent(entities, forKey: .entities)
        try container.encodeIfPresent(caption, forKey: .caption)
        try container.encodeIfPresent(captionEntities, forKey: .captionEntities)
        try container.encodeIfPresent(photo, forKey: .photo)
        try container.encodeIfPresent(document, forKey: .document)
        try container.encodeIfPresent(location, forKey: .location)
        try container.encodeIfPresent(replyToMessage, forKey: .replyToMessage)
        try container.encodeIfPresent(editDate, forKey: .editDate)
        try container.encodeIfPresent(mediaGroupID, forKey: .mediaGroupID)
    }
}
