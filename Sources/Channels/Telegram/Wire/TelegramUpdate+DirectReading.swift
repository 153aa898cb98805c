import Foundation
import JSONValues

/// Reading an update straight from its bytes with ``JSONFieldReader``, without `Codable`: the
/// common webhook (a text message, an edit, a channel post) is read this way, in a fraction of
/// `JSONDecoder`'s time. Anything else — photos, documents, locations, callback queries, chat
/// member updates, a repeated key, a number written as `1.0`, a body that is not JSON — is left to
/// `JSONDecoder` (``readDirectly(_:)`` returns nil), which decides, and words the error, exactly as
/// before. What it reads equals what `JSONDecoder` would decode, `otherFields` included.
extension TelegramUpdate {
    /// The update, or nil when `JSONDecoder` must decide.
    static func readDirectly(_ body: Data) -> TelegramUpdate? {
        body.withUnsafeBytes { bytes in
            try? JSONFieldReader.read(bytes) { reader in try TelegramUpdate(reading: &reader) }
        }
    }

    private init(reading reader: inout JSONFieldReader) throws {
        var updateID: Int64?
        var message: TelegramMessage?
        var editedMessage: TelegramMessage?
        var channelPost: TelegramMessage?
        var editedChannelPost: TelegramMessage?
        var other: [String] = []
        try reader.readObject { reader, key in
            switch key {
            case "update_id":
                updateID = Int64(try reader.readInt())
            case "message":
                message = reader.readNull() ? nil : try TelegramMessage(reading: &reader)
            case "edited_message":
                editedMessage = reader.readNull() ? nil : try TelegramMessage(reading: &reader)
            case "channel_post":
                channelPost = reader.readNull() ? nil : try TelegramMessage(reading: &reader)
            case "edited_channel_post":
                editedChannelPost = reader.readNull() ? nil : try TelegramMessage(reading: &reader)
            case "callback_query", "my_chat_member":
                throw Unhandled()
            default:
                other.append(key)
                try reader.skipValue()
            }
        }
        guard let updateID else { throw Unhandled() }
        self.init(
            updateID: updateID, message: message, editedMessage: editedMessage, channelPost: channelPost,
            editedChannelPost: editedChannelPost, otherFields: other.sorted())
    }
}

extension TelegramMessage {
    /// The message a successful `sendMessage` answer carries (`{"ok":true,"result":{…}}`), read
    /// straight from its bytes; nil when `JSONDecoder` must decide: a failure envelope, a key the
    /// envelope reading does not model, or a message the direct reading leaves to it (see above).
    static func readSentDirectly(_ body: Data) -> TelegramMessage? {
        body.withUnsafeBytes { bytes in
            try? JSONFieldReader.read(bytes) { reader in
                var ok = false
                var message: TelegramMessage?
                try reader.readObject { reader, key in
                    switch key {
                    case "ok": ok = try reader.readBool()
                    case "result": message = try TelegramMessage(reading: &reader)
                    default: throw Unhandled()
                    }
                }
                guard ok, let message else { throw Unhandled() }
                return message
            }
        }
    }

    fileprivate init(reading reader: inout JSONFieldReader) throws {
        var messageID: Int64?
        var from: TelegramUser?
        var senderChat: TelegramChat?
        var date: Int64?
        var chat: TelegramChat?
        var text: String?
        var entities: [TelegramMessageEntity]?
        var caption: String?
        var captionEntities: [TelegramMessageEntity]?
        var reply: TelegramMessage?
        var editDate: Int64?
        var mediaGroupID: String?
        var other: [String] = []
        try reader.readObject { reader, key in
            switch key {
            case "message_id":
                messageID = Int64(try reader.readInt())
            case "from":
                from = reader.readNull() ? nil : try TelegramUser(reading: &reader)
            case "sender_chat":
                senderChat = reader.readNull() ? nil : try TelegramChat(reading: &reader)
            case "date":
                date = Int64(try reader.readInt())
            case "chat":
                chat = try TelegramChat(reading: &reader)
            case "text":
                text = try reader.readOptionalString()
            case "entities":
                entities = reader.readNull() ? nil : try TelegramMessageEntity.readArray(&reader)
            case "caption":
                caption = try reader.readOptionalString()
            case "caption_entities":
                captionEntities = reader.readNull() ? nil : try TelegramMessageEntity.readArray(&reader)
            case "reply_to_message":
                reply = reader.readNull() ? nil : try TelegramMessage(reading: &reader)
            case "edit_date":
                editDate = reader.readNull() ? nil : Int64(try reader.readInt())
            case "media_group_id":
                mediaGroupID = try reader.readOptionalString()
            case "photo", "document", "location":
                throw Unhandled()
            default:
                other.append(key)
                try reader.skipValue()
            }
        }
        guard let messageID, let date, let chat else { throw Unhandled() }
        self.init(
            messageID: messageID, from: from, senderChat: senderChat, date: date, chat: chat, text: text, entities: entities,
            caption: caption, captionEntities: captionEntities, replyToMessage: reply, editDate: editDate, mediaGroupID: mediaGroupID,
            otherFields: other.sorted())
    }
}

extension TelegramUser {
    fileprivate init(reading reader: inout JSONFieldReader) throws {
        var id: Int64?
        var isBot: Bool?
        var firstName: String?
        var lastName: String?
        var username: String?
        var languageCode: String?
        try reader.readObject { reader, key in
            switch key {
            case "id":
                id = Int64(try reader.readInt())
            case "is_bot":
                isBot = try reader.readBool()
            case "first_name":
                firstName = try reader.readString()
            case "last_name":
                lastName = try reader.readOptionalString()
            case "username":
                username = try reader.readOptionalString()
            case "language_code":
                languageCode = try reader.readOptionalString()
            default:
                try reader.skipValue()
            }
        }
        guard let id, let isBot, let firstName else { throw Unhandled() }
        self.init(id: id, isBot: isBot, firstName: firstName, lastName: lastName, username: username, languageCode: languageCode)
    }
}

extension TelegramChat {
    fileprivate init(reading reader: inout JSONFieldReader) throws {
        var id: Int64?
        var type: String?
        var title: String?
        var username: String?
        var firstName: String?
        var lastName: String?
        try reader.readObject { reader, key in
            switch key {
            case "id":
                id = Int64(try reader.readInt())
            case "type":
                type = try reader.readString()
            case "title":
                title = try reader.readOptionalString()
            case "username":
                username = try reader.readOptionalString()
            case "first_name":
                firstName = try reader.readOptionalString()
            case "last_name":
                lastName = try reader.readOptionalString()
            default:
                try reader.skipValue()
            }
        }
        guard let id, let type else { throw Unhandled() }
        self.init(id: id, type: type, title: title, username: username, firstName: firstName, lastName: lastName)
    }
}

extension TelegramMessageEntity {
    fileprivate static func readArray(_ reader: inout JSONFieldReader) throws -> [TelegramMessageEntity] {
        var entities: [TelegramMessageEntity] = []
        try reader.readArray { reader in entities.append(try TelegramMessageEntity(reading: &reader)) }
        return entities
    }

    fileprivate init(reading reader: inout JSONFieldReader) throws {
        var type: String?
        var offset: Int?
        var length: Int?
        var url: String?
        var user: TelegramUser?
        try reader.readObject { reader, key in
            switch key {
            case "type":
                type = try reader.readString()
            case "offset":
                offset = try reader.readInt()
            case "length":
                length = try reader.readInt()
            case "url":
                url = try reader.readOptionalString()
            case "user":
                user = reader.readNull() ? nil : try TelegramUser(reading: &reader)
            default:
                try reader.skipValue()
            }
        }
        guard let type, let offset, let length else { throw Unhandled() }
        self.init(type: type, offset: offset, length: length, url: url, user: user)
    }
}

/// The direct reading leaves the body to `JSONDecoder` (a repeated key already is ``JSONFieldReader/Malformed``).
private struct Unhandled: Error {}
