import Foundation
import Hummingbird
import TelegramChannel

/// `POST /webhooks/telegram/{account}`: checks the secret token header, parses the update, records
/// it, answers 200. A callback query (button press) is also answered with `answerCallbackQuery` so
/// the user's spinner stops.
struct TelegramWebhookController: Sendable {
    struct Account: Sendable {
        var configuration: TelegramAccountConfiguration
        var verifier: TelegramWebhookVerifier
        var sender: TelegramSender
    }

    let accounts: [String: Account]
    let responder: WebhookResponder
    let conversationKey: ConversationKey

    func add(to router: Hummingbird.Router<GatewayRequestContext>) {
        router.post("webhooks/telegram/{account}") { request, context in
            await self.receive(request, context: context)
        }
    }

    func receive(_ request: Request, context: GatewayRequestContext) async -> Response {
        guard let name = context.parameters.get("account"), let account = accounts[name], account.configuration.mode == .webhook else {
            return responder.rejected("telegram", .notFound, code: "unknown_account", message: "no Telegram webhook account by that name")
        }
        guard responder.allowed(context, sources: account.configuration.allowedSources) else {
            return responder.rejected("telegram", .forbidden, code: "source_not_allowed", message: "this address may not call the webhook")
        }
        guard account.verifier.isValid(headerValue: request.headers[.init("X-Telegram-Bot-Api-Secret-Token")!]) else {
            return responder.rejected("telegram", .unauthorized, code: "bad_secret_token", message: "the secret token header is missing or wrong")
        }
        guard let body = await responder.body(request) else {
            return responder.rejected("telegram", .contentTooLarge, code: "body_too_large", message: "the request body is too large")
        }
        let inbound: TelegramInbound
        do {
            inbound = try TelegramUpdateParser.parse(body: body, botUsername: account.configuration.botUsername)
        } catch {
            return responder.rejected("telegram", .badRequest, code: "malformed_update", message: error.message)
        }
        let response = await responder.record(
            [TelegramInboundTranslation.item(inbound, account: name, conversationKey: conversationKey)], channel: "telegram")
        if case .callback(let callback) = inbound, response.status == .ok {
            let sender = account.sender
            Task { _ = await sender.answerCallback(queryID: callback.queryID) }
        }
        return response
    }
}
