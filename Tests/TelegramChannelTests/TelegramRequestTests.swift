import Foundation
import Testing

@testable import TelegramChannel

@Suite struct TelegramRequestTests {
    func json(_ request: TelegramRequest) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
    }

    @Test func plainSendMessage() throws {
        let request = try TelegramRequest.sendMessage(chatID: -1_001_987_654_321, text: "Orders ship within 2 days.")
        #expect(request.method == "sendMessage")
        #expect(
            String(decoding: request.body, as: UTF8.self)
                == #"{"chat_id":-1001987654321,"text":"Orders ship within 2 days."}"#)
    }

    @Test func sendMessageWithReplyAndKeyboard() throws {
        let request = try TelegramRequest.sendMessage(
            chatID: 5_212_345_678, text: "Pick a size", replyToMessageID: 1204,
            inlineKeyboard: [
                [.init(text: "S", callbackData: "size:s"), .init(text: "M", callbackData: "size:m")],
                [.init(text: "Cancel ❌", callbackData: "cancel")],
            ])
        let body = try json(request)
        #expect((body["chat_id"] as? NSNumber)?.int64Value == 5_212_345_678)
        let reply = try #require(body["reply_parameters"] as? [String: Any])
        #expect((reply["message_id"] as? NSNumber)?.int64Value == 1204)
        #expect(reply["allow_sending_without_reply"] as? Bool == true)
        let markup = try #require(body["reply_markup"] as? [String: Any])
        let rows = try #require(markup["inline_keyboard"] as? [[[String: String]]])
        #expect(
            rows == [
                [["text": "S", "callback_data": "size:s"], ["text": "M", "callback_data": "size:m"]],
                [["text": "Cancel ❌", "callback_data": "cancel"]],
            ])
    }

    @Test("the hand-written sendMessage body is the JSON of the same request: every text, reply and keyboard reads back as sent")
    func sendMessageBodyIsValidJSONOfItsParts() throws {
        let texts = [
            "plain", #"quotes " and \ backslashes"#, "lines\nand\ttabs\r", "controls \u{01}\u{1F}\u{7F}", "emoji 👋🏽 and ünïcödé",
            "slashes / and </script>", String(repeating: "é", count: 4096),
        ]
        for text in texts {
            for reply in [nil, Int64(77)] {
                let keyboard: [[TelegramInlineKeyboardButton]]? =
                    reply == nil ? nil : [[.init(text: text, callbackData: "a\"b")], [.init(text: "x", callbackData: "c\\d"), .init(text: "y", callbackData: "e")]]
                let request = try TelegramRequest.sendMessage(chatID: -42, text: text, replyToMessageID: reply, inlineKeyboard: keyboard)
                let body = try json(request)
                #expect(body["text"] as? String == text)
                #expect((body["chat_id"] as? NSNumber)?.int64Value == -42)
                let expectedKeys = reply == nil ? ["chat_id", "text"] : ["chat_id", "reply_markup", "reply_parameters", "text"]
                #expect(body.keys.sorted() == expectedKeys)
                if let keyboard {
                    let rows = try #require((body["reply_markup"] as? [String: Any])?["inline_keyboard"] as? [[[String: String]]])
                    #expect(rows == keyboard.map { $0.map { ["text": $0.text, "callback_data": $0.callbackData] } })
                    let parameters = try #require(body["reply_parameters"] as? [String: Any])
                    #expect((parameters["message_id"] as? NSNumber)?.int64Value == 77 && parameters["allow_sending_without_reply"] as? Bool == true)
                }
            }
        }
    }

    @Test func textLimits() throws {
        #expect(throws: Never.self) {
            try TelegramRequest.sendMessage(chatID: 1, text: String(repeating: "a", count: 4096))
        }
        for text in ["", String(repeating: "a", count: 4097), String(repeating: "😀", count: 2049)] {
            let error = #expect(throws: TelegramError.self) { try TelegramRequest.sendMessage(chatID: 1, text: text) }
            #expect(error?.code == .invalidRequest)
            #expect(error?.field == "text")
            #expect(error?.method == "sendMessage")
        }
    }

    @Test(arguments: [
        (String(repeating: "x", count: 65), "reply_markup.inline_keyboard[0][1].callback_data"),
        (String(repeating: "é", count: 33), "reply_markup.inline_keyboard[0][1].callback_data"),
        ("", "reply_markup.inline_keyboard[0][1].callback_data"),
    ])
    func callbackDataMustBeOneTo64Bytes(_ data: String, _ field: String) {
        let error = #expect(throws: TelegramError.self) {
            try TelegramRequest.sendMessage(
                chatID: 1, text: "x",
                inlineKeyboard: [[.init(text: "ok", callbackData: "ok"), .init(text: "bad", callbackData: data)]])
        }
        #expect(error?.code == .invalidRequest)
        #expect(error?.field == field)
    }

    @Test func callbackDataOf64BytesIsAccepted() {
        #expect(throws: Never.self) {
            try TelegramRequest.sendMessage(
                chatID: 1, text: "x",
                inlineKeyboard: [[.init(text: "ok", callbackData: String(repeating: "é", count: 32))]])
        }
    }

    @Test func emptyRowsAndLabelsAreRejected() {
        let emptyRow = #expect(throws: TelegramError.self) {
            try TelegramRequest.sendMessage(
                chatID: 1, text: "x", inlineKeyboard: [[.init(text: "a", callbackData: "a")], []])
        }
        #expect(emptyRow?.field == "reply_markup.inline_keyboard[1]")
        let emptyLabel = #expect(throws: TelegramError.self) {
            try TelegramRequest.sendMessage(
                chatID: 1, text: "x", inlineKeyboard: [[.init(text: "", callbackData: "a")]])
        }
        #expect(emptyLabel?.field == "reply_markup.inline_keyboard[0][0].text")
    }

    @Test func answerCallbackQuery() throws {
        let plain = try TelegramRequest.answerCallbackQuery(callbackQueryID: "4382bfdwdsb323b2d9")
        #expect(plain.method == "answerCallbackQuery")
        #expect(String(decoding: plain.body, as: UTF8.self) == #"{"callback_query_id":"4382bfdwdsb323b2d9"}"#)
        let alert = try TelegramRequest.answerCallbackQuery(callbackQueryID: "q", text: "Saved", showAlert: true)
        #expect(
            String(decoding: alert.body, as: UTF8.self)
                == #"{"callback_query_id":"q","show_alert":true,"text":"Saved"}"#)
        #expect(throws: Never.self) {
            try TelegramRequest.answerCallbackQuery(callbackQueryID: "q", text: String(repeating: "a", count: 200))
        }
        let tooLong = #expect(throws: TelegramError.self) {
            try TelegramRequest.answerCallbackQuery(callbackQueryID: "q", text: String(repeating: "a", count: 201))
        }
        #expect(tooLong?.field == "text")
        let noID = #expect(throws: TelegramError.self) { try TelegramRequest.answerCallbackQuery(callbackQueryID: "") }
        #expect(noID?.field == "callback_query_id")
    }

    @Test func getUpdates() throws {
        let request = try TelegramRequest.getUpdates(
            offset: 912_345_613, limit: 50, timeout: 30,
            allowedUpdates: ["message", "edited_message", "callback_query"])
        #expect(request.method == "getUpdates")
        #expect(
            String(decoding: request.body, as: UTF8.self)
                == #"{"allowed_updates":["message","edited_message","callback_query"],"limit":50,"offset":912345613,"timeout":30}"#
        )
        #expect(String(decoding: try TelegramRequest.getUpdates().body, as: UTF8.self) == #"{"limit":100,"timeout":0}"#)
    }

    @Test(arguments: [0, 101, -1])
    func getUpdatesLimitMustBe1To100(_ limit: Int) {
        let error = #expect(throws: TelegramError.self) { try TelegramRequest.getUpdates(limit: limit) }
        #expect(error?.field == "limit")
    }

    @Test func getUpdatesTimeoutMustNotBeNegative() {
        let error = #expect(throws: TelegramError.self) { try TelegramRequest.getUpdates(timeout: -1) }
        #expect(error?.field == "timeout")
    }

    @Test func urlJoinsBaseTokenAndMethod() throws {
        let request = try TelegramRequest.sendMessage(chatID: 1, text: "x")
        let token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw_-"
        #expect(
            try request.url(baseURL: URL(string: "https://api.telegram.org")!, botToken: token).absoluteString
                == "https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw_-/sendMessage")
        #expect(
            try request.url(baseURL: URL(string: "http://127.0.0.1:8081/fake/")!, botToken: token).absoluteString
                == "http://127.0.0.1:8081/fake/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw_-/sendMessage")
        // The base a sender builds once and appends each method to.
        #expect(
            try TelegramRequest.botURL(baseURL: URL(string: "http://127.0.0.1:8081/fake/")!, botToken: token).appendingPathComponent("getUpdates")
                .absoluteString == "http://127.0.0.1:8081/fake/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw_-/getUpdates")
    }

    @Test(arguments: ["", "123456789", ":abc", "abc:def", "123:", "123:abc/def", "123:abc?x=1", "123:abç"])
    func malformedTokensAreRejectedWithoutEchoingThem(_ token: String) throws {
        let request = try TelegramRequest.sendMessage(chatID: 1, text: "x")
        let error = #expect(throws: TelegramError.self) {
            try request.url(baseURL: URL(string: "https://api.telegram.org")!, botToken: token)
        }
        #expect(error?.code == .invalidBotToken)
        #expect(throws: TelegramError.self) { try TelegramRequest.botURL(baseURL: URL(string: "https://api.telegram.org")!, botToken: token) }
        if token.count > 4 {
            #expect(error.map { !$0.description.contains(token) } ?? false)
        }
    }
}
