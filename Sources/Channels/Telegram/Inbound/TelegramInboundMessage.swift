import Foundation

/// A message from a Telegram chat, classified and reduced to what the gateway needs to build a
/// universal message: content, chat kind, reply target and whether the bot was addressed.
public struct TelegramInboundMessage: Sendable, Equatable {
    public var updateID: Int64
    public var chatID: Int64
    public var chatKind: TelegramChatKind
    /// The group's or channel's title; `nil` in private chats.
    public var chatTitle: String?
    public var messageID: Int64
    /// The sender; `nil` for channel posts. Personal data: seal before storing.
    public var sender: TelegramUser?
    /// When the message was first sent.
    public var date: Date
    /// Whether this update is an edit of an earlier message (`edited_message`, `edited_channel_post`).
    public var isEdited: Bool
    /// When the message was last edited, for edits.
    public var editDate: Date?
    public var text: String?
    /// The caption of a photo or document.
    public var caption: String?
    /// The largest size of a photo (Telegram sends several, smallest first).
    public var photo: TelegramPhotoSize?
    public var document: TelegramDocument?
    public var location: TelegramLocation?
    /// The message this one replies to, in the same chat.
    public var replyToMessageID: Int64?
    /// Whether it replies to a message the bot sent.
    public var isReplyToBot: Bool
    /// Whether the bot is addressed: an `@bot` mention, a `/command@bot`, or a reply to the bot.
    public var mentionsBot: Bool
    /// Shared by the messages of one album.
    public var mediaGroupID: String?

    public init(
        updateID: Int64, chatID: Int64, chatKind: TelegramChatKind, chatTitle: String? = nil, messageID: Int64,
        sender: TelegramUser? = nil, date: Date, isEdited: Bool = false, editDate: Date? = nil,
        text: String? = nil, caption: String? = nil, photo: TelegramPhotoSize? = nil,
        document: TelegramDocument? = nil, location: TelegramLocation? = nil, replyToMessageID: Int64? = nil,
        isReplyToBot: Bool = false, mentionsBot: Bool = false, mediaGroupID: String? = nil
    ) {
        self.updateID = updateID
        self.chatID = chatID
        self.chatKind = chatKind
        self.chatTitle = chatTitle
        self.messageID = messageID
        self.sender = sender
        self.date = date
        self.isEdited = isEdited
        self.editDate = editDate
        self.text = text
        self.caption = caption
        self.photo = photo
        self.document = document
        self.location = location
        self.replyToMessageID = replyToMessageID
        self.isReplyToBot = isReplyToBot
        self.mentionsBot = mentionsBot
        self.mediaGroupID = mediaGroupID
    }

    /// Identifies the message across webhook retries and polling restarts: `chatID:messageID`,
    /// and for an edit `chatID:messageID:edit:<edit_date>` so each edit is recorded once.
    public var dedupKey: String {
        guard isEdited else { return "\(chatID):\(messageID)" }
        if let editDate { return "\(chatID):\(messageID):edit:\(Int64(editDate.timeIntervalSince1970))" }
        return "\(chatID):\(messageID):edit:update-\(updateID)"
    }
}
