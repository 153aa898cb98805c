import Foundation
import JSONValues

/// The Telegram fake's mutable state and the Bot API semantics of each method it serves.
/// An actor so concurrent requests and test calls see one consistent bot.
actor TelegramBotState {
    let configuration: FakeTelegramBotAPI.Configuration
    private var nextMessageID: Int64
    private(set) var updates: TelegramUpdateQueue
    private(set) var webhook: TelegramWebhookRegistration?
    private var faults = FaultScript<TelegramFault>()

    /// Canonical spellings of the methods served; Bot API method names are case-insensitive.
    static let methods = ["sendMessage", "answerCallbackQuery", "getUpdates", "setWebhook", "deleteWebhook", "getMe"]

    init(configuration: FakeTelegramBotAPI.Configuration) {
        self.configuration = configuration
        self.nextMessageID = configuration.firstMessageID
        self.updates = TelegramUpdateQueue(firstUpdateID: configuration.firstUpdateID)
    }

    func enqueue(_ update: JSONValue) -> Int64 {
        updates.enqueue(update)
    }

    func fail(_ method: String, times: Int, with fault: TelegramFault) {
        faults.fail(method, times: times, with: fault)
    }

    /// Answers one call to `method` (already canonical) with `parameters`.
    func respond(to method: String, parameters: [String: JSONValue]) async -> WireResponse {
        if let fault = faults.next(for: method) { return fault.response }
        switch method {
        case "sendMessage": return sendMessage(parameters)
        case "answerCallbackQuery": return answerCallbackQuery(parameters)
        case "getUpdates": return await getUpdates(parameters)
        case "setWebhook": return setWebhook(parameters)
        case "deleteWebhook": return deleteWebhook(parameters)
        case "getMe": return TelegramEnvelope.success(botUser)
        default: return TelegramEnvelope.notFound
        }
    }

    private var botUser: JSONValue {
        .object([
            "id": .integer(configuration.botID),
            "is_bot": .bool(true),
            "first_name": .string(configuration.botFirstName),
            "username": .string(configuration.botUsername),
        ])
    }

    private func sendMessage(_ parameters: [String: JSONValue]) -> WireResponse {
        guard let chatID = parameters["chat_id"], let chatText = chatID.scalarText, !chatText.isEmpty else {
            return TelegramEnvelope.failure(code: 400, description: "Bad Request: chat_id is empty")
        }
        guard let text = parameters["text"]?.scalarText, !text.isEmpty else {
            return TelegramEnvelope.failure(code: 400, description: "Bad Request: message text is empty")
        }
        guard text.utf16.count <= configuration.maximumTextLength else {
            return TelegramEnvelope.failure(code: 400, description: "Bad Request: message is too long")
        }
        let messageID = nextMessageID
        nextMessageID += 1
        var message: [String: JSONValue] = [
            "message_id": .integer(messageID),
            "from": botUser,
            "chat": Self.chat(for: chatID),
            "date": .integer(Int64(Date().timeIntervalSince1970)),
            "text": .string(text),
        ]
        if let markup = parameters["reply_markup"].map(Self.structured) {
            message["reply_markup"] = markup
        }
        if let replyTo = parameters["reply_parameters"].map(Self.structured)?["message_id"]?.int64Value
            ?? parameters["reply_to_message_id"]?.int64Value
        {
            message["reply_to_message"] = .object([
                "message_id": .integer(replyTo), "chat": Self.chat(for: chatID), "date": .integer(0),
            ])
        }
        return TelegramEnvelope.success(.object(message))
    }

    private func answerCallbackQuery(_ parameters: [String: JSONValue]) -> WireResponse {
        guard let id = parameters["callback_query_id"]?.scalarText, !id.isEmpty else {
            return TelegramEnvelope.failure(
                code: 400, description: "Bad Request: query is too old and response timeout expired or query ID is invalid")
        }
        if let text = parameters["text"]?.scalarText, text.count > 200 {
            return TelegramEnvelope.failure(code: 400, description: "Bad Request: MESSAGE_TOO_LONG")
        }
        return TelegramEnvelope.success(.bool(true))
    }

    private func getUpdates(_ parameters: [String: JSONValue]) async -> WireResponse {
        if webhook != nil {
            return TelegramEnvelope.failure(
                code: 409,
                description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
            )
        }
        let limit = min(max(Int(parameters["limit"]?.int64Value ?? 100), 1), 100)
        let requested = Double(parameters["timeout"]?.scalarText ?? "0") ?? 0
        let bound = configuration.maximumLongPollTimeout
        let timeout = min(Duration.milliseconds(Int64(max(requested, 0) * 1000)), bound)
        updates.confirm(offset: parameters["offset"]?.int64Value)
        let deadline = ContinuousClock.now + timeout
        var batch = updates.peek(limit: limit)
        // Long poll: re-check the queue until an update arrives or the bounded timeout passes.
        while batch.isEmpty, ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: configuration.longPollInterval)
            batch = updates.peek(limit: limit)
        }
        return TelegramEnvelope.success(.array(batch))
    }

    private func setWebhook(_ parameters: [String: JSONValue]) -> WireResponse {
        let url = parameters["url"]?.scalarText ?? ""
        if url.isEmpty {
            webhook = nil
            return TelegramEnvelope.success(.bool(true), description: "Webhook was deleted")
        }
        let secret = parameters["secret_token"]?.scalarText
        if let secret, !Self.isValidSecretToken(secret) {
            return TelegramEnvelope.failure(code: 400, description: "Bad Request: secret token contains unallowed characters")
        }
        if parameters["drop_pending_updates"]?.boolValue == true { updates.dropAll() }
        webhook = TelegramWebhookRegistration(
            url: url,
            secretToken: secret,
            maxConnections: parameters["max_connections"]?.int64Value.map { Int($0) },
            allowedUpdates: parameters["allowed_updates"].map(Self.structured)
        )
        return TelegramEnvelope.success(.bool(true), description: "Webhook was set")
    }

    private func deleteWebhook(_ parameters: [String: JSONValue]) -> WireResponse {
        if parameters["drop_pending_updates"]?.boolValue == true { updates.dropAll() }
        let existed = webhook != nil
        webhook = nil
        return TelegramEnvelope.success(.bool(true), description: existed ? "Webhook was deleted" : "Webhook is already deleted")
    }

    /// Form bodies carry objects (reply_markup, allowed_updates) as JSON text; read them back.
    private static func structured(_ value: JSONValue) -> JSONValue {
        if case .string(let text) = value, let decoded = try? JSONValue.decode(Data(text.utf8)) {
            return decoded
        }
        return value
    }

    private static func chat(for chatID: JSONValue) -> JSONValue {
        if let id = chatID.int64Value {
            return .object(["id": .integer(id), "type": .string(id > 0 ? "private" : "supergroup")])
        }
        let username = (chatID.scalarText ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "@"))
        return .object(["id": .integer(-1_001_000_000_000), "type": .string("channel"), "username": .string(username)])
    }

    private static func isValidSecretToken(_ token: String) -> Bool {
        (1...256).contains(token.count)
            && token.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "_" || scalar == "-")
            }
    }
}
