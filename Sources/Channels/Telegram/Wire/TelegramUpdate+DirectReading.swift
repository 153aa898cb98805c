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
        var keys = DirectKeys()
        var updateID: Int64?
        var message: TelegramMessage?
        var editedMessage: TelegramMessage?
        var channelPost: TelegramMessage?
        var editedChannelPost: TelegramMessage?
        var other: [String] = []
        try reader.readObject { reader, key in
            switch key {
            case "update_id":
                try keys.first(0)
                updateID = Int64(try reader.readInt())
            case "message":
                try keys.first(1)
                message = reader.readNull() ? nil : try TelegramMessage(reading: &reader)
            case "edited_message":
                try keys.first(2)
                editedMessage = reader.readNull() ? nil : try TelegramMessage(reading: &reader)
            case "channel_post":
                try keys.first(3)
                channelPost = reader.readNull() ? nil : try TelegramMessage(reading: &reader)
            case "edited_channel_post":
                try keys.first(4)
                editedChannelPost = reader.readNull() ? nil : try TelegramMessage(reading: &reader)
            case "callback_query", "my_chat_member":
                throw DirectKeys.Unhandled()
            default:
                try keys.other(key, in: &other)
                try reader.skipValue()
            }
        }
        guard let updateID else { throw DirectKeys.Unhandled() }
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
                var keys = DirectKeys()
                var ok = false
                var message: TelegramMessage?
                try reader.readObject { reader, key in
                    switch key {
                    case "ok":
                        try keys.first(0)
                        ok = try reader.readBool()
                    case "result":
                        try keys.first(1)
                        message = try TelegramMessage(reading: &reader)
                    default:
                        throw DirectKeys.Unhandled()
                    }
                }
                guard ok, let message else { throw DirectKeys.Unhandled() }
                return message
            }
        }
    }

    fileprivate init(reading reader: inout JSONFieldReader) throws {
        var keys = DirectKeys()
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
                try keys.first(0)
                messageID = Int64(try reader.readInt())
            case "from":
                try keys.first(1)
                from = reader.readNull() ? nil : try TelegramUser(reading: &reader)
            case "sender_chat":
                try keys.first(2)
                senderChat = reader.readNull() ? nil : try TelegramChat(reading: &reader)
            case "date":
                try keys.first(3)
                date = Int64(try reader.readInt())
            case "chat":
                try keys.first(4)
                chat = try TelegramChat(reading: &reader)
            case "text":
                try keys.first(5)
                text = try reader.readOptionalString()
            case "entities":
                try keys.first(6)
                entities = reader.readNull() ? nil : try TelegramMessageEntity.readArray(&reader)
            case "caption":
                try keys.first(7)
                caption = try reader.readOptionalString()
            case "caption_entities":
                try keys.first(8)
                captionEntities = reader.readNull() ? nil : try TelegramMessageEntity.readArray(&reader)
            case "reply_to_message":
                try keys.first(9)
                reply = reader.readNull() ? nil : try TelegramMessage(reading: &reader)
            case "edit_date":
                try keys.first(10)
                editDate = reader.readNull() ? nil : Int64(try reader.readInt())
            case "media_group_id":
                try keys.first(11)
                mediaGroupID = try reader.readOptionalString()
            case "photo", "document", "location":
                throw DirectKeys.Unhandled()
            default:
                try keys.other(key, in: &other)
                try reader.skipValue()
            }
        }
        guard let messageID, let date, let chat else { throw DirectKeys.Unhandled() }
        self.init(
            messageID: messageID, from: from, senderChat: senderChat, date: date, chat: chat, text: text, entities: entities,
            caption: caption, captionEntities: captionEntities, replyToMessage: reply, editDate: editDate, mediaGroupID: mediaGroupID,
            otherFields: other.sorted())
    }
}

extension TelegramUser {
    fileprivate init(reading reader: inout JSONFieldReader) throws {
        var keys = DirectKeys()
        var id: Int64?
        var isBot: Bool?
        var firstName: String?
        var lastName: String?
        var username: String?
        var languageCode: String?
        try reader.readObject { reader, key in
            switch key {
            case "id":
                try keys.first(0)
                id = Int64(try reader.readInt())
            case "is_bot":
                try keys.first(1)
                isBot = try reader.readBool()
            case "first_name":
                try keys.first(2)
                firstName = try reader.readString()
            case "last_name":
                try keys.first(3)
                lastName = try reader.readOptionalString()
            case "username":
                try keys.first(4)
                username = try reader.readOptionalString()
            case "language_code":
                try keys.first(5)
                languageCode = try reader.readOptionalString()
            default:
                try reader.skipValue()
            }
        }
        guard let id, let isBot, let firstName else { throw DirectKeys.Unhandled() }
        self.init(id: id, isBot: isBot, firstName: firstName, lastName: lastName, username: username, languageCode: languageCode)
    }
}

extension TelegramChat {
    fileprivate init(reading reader: inout JSONFieldReader) throws {
        var keys = DirectKeys()
        var id: Int64?
        var type: String?
        var title: String?
        var username: String?
        var firstName: String?
        var lastName: String?
        try reader.readObject { reader, key in
            switch key {
            case "id":
                try keys.first(0)
                id = Int64(try reader.readInt())
            case "type":
                try keys.first(1)
                type = try reader.readString()
            case "title":
                try keys.first(2)
                title = try reader.readOptionalString()
            case "username":
                try keys.first(3)
                username = try reader.readOptionalString()
            case "first_name":
                try keys.first(4)
                firstName = try reader.readOptionalString()
            case "last_name":
                try keys.first(5)
                lastName = try reader.readOptionalString()
            default:
                try reader.skipValue()
            }
        }
        guard let id, let type else { throw DirectKeys.Unhandled() }
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
        var keys = DirectKeys()
        var type: String?
        var offset: Int?
        var length: Int?
        var url: String?
        var user: TelegramUser?
        try reader.readObject { reader, key in
            switch key {
            case "type":
                try keys.first(0)
                type = try reader.readString()
            case "offset":
                try keys.first(1)
                offset = try reader.readInt()
            case "length":
                try keys.first(2)
                length = try reader.readInt()
            case "url":
                try keys.first(3)
                url = try reader.readOptionalString()
            case "user":
                try keys.first(4)
                user = reader.readNull() ? nil : try TelegramUser(reading: &reader)
            default:
                try reader.skipValue()
            }
        }
        guard let type, let offset, let length else { throw DirectKeys.Unhandled() }
        self.init(type: type, offset: offset, length: length, url: url, user: user)
    }
}

/// The keys one object has shown so far. A key seen twice is left to `JSONDecoder`, whose choice
/// between the two values this reading does not repeat.
private struct DirectKeys {
    struct Unhandled: Error {}

    private var seen: UInt32 = 0

    /// Records the modelled key number `bit`, refusing a second occurrence.
    mutating func first(_ bit: Int) throws {
        let mask: UInt32 = 1 << bit
        guard seen & mask == 0 else { throw Unhandled() }
        seen |= mask
    }

    /// Records a key the model does not decode, refusing a second occurrence.
    func other(_ key: String, in names: inout [String]) throws {
        guard !names.contains(key) else { throw Unhandled() }
        names.append(key)
    }
}
