import Foundation
import JSONValues

/// Builders for Bot API `Update` objects (without `update_id`, which the fake's queue or the
/// caller assigns), for enqueueing into `getUpdates` or posting to a webhook.
public enum TelegramUpdate {
    /// A `message` update with text, from a user in a chat (private when `chatID == userID`).
    public static func textMessage(
        text: String,
        messageID: Int64,
        chatID: Int64,
        userID: Int64,
        firstName: String = "Ada",
        username: String? = nil,
        chatType: String? = nil,
        date: Date = Date()
    ) -> JSONValue {
        var from: [String: JSONValue] = [
            "id": .integer(userID), "is_bot": .bool(false), "first_name": .string(firstName),
        ]
        if let username { from["username"] = .string(username) }
        var chat: [String: JSONValue] = [
            "id": .integer(chatID), "type": .string(chatType ?? (chatID == userID ? "private" : "group")),
        ]
        if chatID == userID { chat["first_name"] = .string(firstName) }
        return .object([
            "message": .object([
                "message_id": .integer(messageID),
                "from": .object(from),
                "chat": .object(chat),
                "date": .integer(Int64(date.timeIntervalSince1970)),
                "text": .string(text),
            ])
        ])
    }

    /// A `callback_query` update from an inline keyboard button carrying `data`.
    public static func callbackQuery(
        id: String,
        data: String,
        userID: Int64,
        chatID: Int64,
        messageID: Int64,
        firstName: String = "Ada"
    ) -> JSONValue {
        let from: JSONValue = .object([
            "id": .integer(userID), "is_bot": .bool(false), "first_name": .string(firstName),
        ])
        return .object([
            "callback_query": .object([
                "id": .string(id),
                "from": from,
                "chat_instance": .string("fake-\(chatID)"),
                "data": .string(data),
                "message": .object([
                    "message_id": .integer(messageID),
                    "chat": .object(["id": .integer(chatID), "type": .string(chatID == userID ? "private" : "group")]),
                    "date": .integer(Int64(Date().timeIntervalSince1970)),
                ]),
            ])
        ])
    }
}
