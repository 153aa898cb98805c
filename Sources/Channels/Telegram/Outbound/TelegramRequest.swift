import Foundation
import JSONValues

/// A Bot API call ready to send: the method name and its JSON body, validated against the
/// documented limits so a bad request fails here instead of at Telegram. POST it to
/// `url(baseURL:botToken:)` with `Content-Type: application/json`.
public struct TelegramRequest: Sendable, Equatable {
    /// The content type of `body`.
    public static let contentType = "application/json"
    /// The most text `sendMessage` takes, counted as `TelegramTextSplitter.length(of:)` counts.
    public static let maximumMessageLength = 4096
    /// The most text `answerCallbackQuery` shows.
    public static let maximumCallbackAnswerLength = 200

    /// The Bot API method, e.g. `sendMessage`.
    public var method: String
    /// The JSON body, keys sorted so equal requests have equal bytes.
    public var body: Data

    public init(method: String, body: Data) {
        self.method = method
        self.body = body
    }

    /// `{baseURL}/bot<token>/<method>`. `baseURL` is configurable so a local Bot API server or
    /// a test fake can stand in for `https://api.telegram.org`; it may carry a path prefix.
    ///
    /// - Throws: `TelegramError` with code `.invalidBotToken` when the token is not
    ///   `<digits>:<A-Z a-z 0-9 _ ->`; the error never contains the token.
    public func url(baseURL: URL, botToken: String) throws(TelegramError) -> URL {
        try Self.botURL(baseURL: baseURL, botToken: botToken).appendingPathComponent(method)
    }

    /// `{baseURL}/bot<token>`, the base of every method's URL: a sender that makes many calls builds
    /// it (and checks the token) once. Throws as ``url(baseURL:botToken:)`` does.
    public static func botURL(baseURL: URL, botToken: String) throws(TelegramError) -> URL {
        try validateBotToken(botToken)
        return baseURL.appendingPathComponent("bot\(botToken)")
    }

    /// Checks the shape `<bot id>:<secret>` of a token from @BotFather.
    public static func validateBotToken(_ token: String, configKey: String? = nil) throws(TelegramError) {
        let parts = token.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let idIsValid = parts.count == 2 && !parts[0].isEmpty && parts[0].utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
        let secretIsValid =
            parts.count == 2 && !parts[1].isEmpty
            && parts[1].unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
            }
        guard idIsValid && secretIsValid else {
            throw TelegramError(
                code: .invalidBotToken, message: "the bot token is not of the form <digits>:<letters, digits, _ or ->",
                configKey: configKey)
        }
    }

    /// `sendMessage`: plain text to a chat, optionally as a reply and with an inline keyboard.
    ///
    /// The reply is sent with `allow_sending_without_reply`, so a deleted original does not
    /// make the delivery fail. Split longer texts with `TelegramTextSplitter` first.
    /// - Throws: `TelegramError` `.invalidRequest` for empty or too long text, an empty
    ///   keyboard row, a button without a label, or `callback_data` outside 1–64 bytes.
    public static func sendMessage(
        chatID: Int64, text: String, replyToMessageID: Int64? = nil,
        inlineKeyboard: [[TelegramInlineKeyboardButton]]? = nil
    ) throws(TelegramError) -> TelegramRequest {
        let method = "sendMessage"
        let length = TelegramTextSplitter.length(of: text)
        guard length > 0 else {
            throw TelegramError(
                code: .invalidRequest, message: "the message text is empty", field: "text", method: method)
        }
        guard length <= maximumMessageLength else {
            throw TelegramError(
                code: .invalidRequest,
                message:
                    "the message text is \(length) UTF-16 units long; at most \(maximumMessageLength) fit in one message",
                field: "text", method: method)
        }
        // Written by hand, keys sorted: an answer to every message goes through here, and building a
        // dictionary for JSONSerialization would cost more than the whole document.
        var json = "{\"chat_id\":\(chatID)"
        if let inlineKeyboard {
            json += ",\"reply_markup\":{\"inline_keyboard\":["
            for (rowIndex, row) in inlineKeyboard.enumerated() {
                guard !row.isEmpty else {
                    throw TelegramError(
                        code: .invalidRequest, message: "inline keyboard row \(rowIndex) has no buttons",
                        field: "reply_markup.inline_keyboard[\(rowIndex)]", method: method)
                }
                json += rowIndex == 0 ? "[" : ",["
                for (columnIndex, button) in row.enumerated() {
                    let field = "reply_markup.inline_keyboard[\(rowIndex)][\(columnIndex)]"
                    guard !button.text.isEmpty else {
                        throw TelegramError(
                            code: .invalidRequest, message: "an inline keyboard button has no label",
                            field: field + ".text", method: method)
                    }
                    let bytes = button.callbackData.utf8.count
                    guard bytes >= 1 && bytes <= TelegramInlineKeyboardButton.maximumCallbackDataBytes else {
                        throw TelegramError(
                            code: .invalidRequest,
                            message:
                                "callback_data is \(bytes) bytes; it must be 1–\(TelegramInlineKeyboardButton.maximumCallbackDataBytes)",
                            field: field + ".callback_data", method: method)
                    }
                    json += columnIndex == 0 ? "{\"callback_data\":" : ",{\"callback_data\":"
                    JSONStringLiteral.append(button.callbackData, to: &json)
                    json += ",\"text\":"
                    JSONStringLiteral.append(button.text, to: &json)
                    json += "}"
                }
                json += "]"
            }
            json += "]}"
        }
        if let replyToMessageID {
            json += ",\"reply_parameters\":{\"allow_sending_without_reply\":true,\"message_id\":\(replyToMessageID)}"
        }
        json += ",\"text\":"
        JSONStringLiteral.append(text, to: &json)
        json += "}"
        return TelegramRequest(method: method, body: Data(json.utf8))
    }

    /// `answerCallbackQuery`: stops the button's spinner, optionally showing `text` as a toast
    /// (or an alert with `showAlert`).
    /// - Throws: `TelegramError` `.invalidRequest` for an empty query id or text over 200.
    public static func answerCallbackQuery(
        callbackQueryID: String, text: String? = nil, showAlert: Bool = false
    ) throws(TelegramError) -> TelegramRequest {
        let method = "answerCallbackQuery"
        guard !callbackQueryID.isEmpty else {
            throw TelegramError(
                code: .invalidRequest, message: "the callback query id is empty", field: "callback_query_id",
                method: method)
        }
        var body: [String: Any] = ["callback_query_id": callbackQueryID]
        if let text {
            let length = TelegramTextSplitter.length(of: text)
            guard length <= maximumCallbackAnswerLength else {
                throw TelegramError(
                    code: .invalidRequest,
                    message:
                        "the answer text is \(length) UTF-16 units long; at most \(maximumCallbackAnswerLength) are shown",
                    field: "text", method: method)
            }
            body["text"] = text
        }
        if showAlert { body["show_alert"] = true }
        return try TelegramRequest(method: method, json: body)
    }

    /// `getUpdates`: long polling. Confirm updates by passing `offset` = last `update_id` + 1.
    /// - Parameters:
    ///   - limit: 1–100 updates per call.
    ///   - timeout: seconds Telegram holds the request open when there is nothing new (≥ 0).
    ///   - allowedUpdates: update kinds to receive, e.g. `["message", "callback_query"]`;
    ///     `nil` keeps the previous setting.
    public static func getUpdates(
        offset: Int64? = nil, limit: Int = 100, timeout: Int = 0, allowedUpdates: [String]? = nil
    ) throws(TelegramError) -> TelegramRequest {
        let method = "getUpdates"
        guard (1...100).contains(limit) else {
            throw TelegramError(
                code: .invalidRequest, message: "limit is \(limit); it must be 1–100", field: "limit", method: method)
        }
        guard timeout >= 0 else {
            throw TelegramError(
                code: .invalidRequest, message: "timeout is \(timeout); it must be 0 or more seconds", field: "timeout",
                method: method)
        }
        var body: [String: Any] = ["limit": limit, "timeout": timeout]
        if let offset { body["offset"] = NSNumber(value: offset) }
        if let allowedUpdates { body["allowed_updates"] = allowedUpdates }
        return try TelegramRequest(method: method, json: body)
    }

    private init(method: String, json: [String: Any]) throws(TelegramError) {
        do {
            self.init(method: method, body: try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]))
        } catch {
            throw TelegramError(code: .invalidRequest, message: "the request body could not be encoded", method: method)
        }
    }
}
