import Foundation
import Hummingbird
import WhatsAppChannel

/// `GET /webhooks/whatsapp/{account}` answers Meta's verification challenge;
/// `POST /webhooks/whatsapp/{account}` checks `X-Hub-Signature-256` over the raw body, parses the
/// notification, records its messages, unsupported payloads and receipts, answers 200.
struct WhatsAppWebhookController: Sendable {
    struct Account: Sendable {
        var configuration: WhatsAppAccountConfiguration
        var verifier: WhatsAppSignatureVerifier
    }

    let accounts: [String: Account]
    let responder: WebhookResponder
    let conversationKey: ConversationKey

    func add(to router: Hummingbird.Router<GatewayRequestContext>) {
        router.get("webhooks/whatsapp/{account}") { request, context in
            self.verify(request, context: context)
        }
        router.post("webhooks/whatsapp/{account}") { request, context in
            await self.receive(request, context: context)
        }
    }

    func verify(_ request: Request, context: GatewayRequestContext) -> Response {
        guard let name = context.parameters.get("account"), let account = accounts[name] else {
            return responder.rejected("whatsapp", .notFound, code: "unknown_account", message: "no WhatsApp account by that name")
        }
        let challenge = WhatsAppVerificationChallenge(query: request.uri.query ?? "")
        switch challenge.evaluate(expectedVerifyToken: account.configuration.verifyToken) {
        case .answer(let echo):
            return GatewayResponse.text(.ok, echo)
        case .forbidden(let reason):
            return responder.rejected("whatsapp", .forbidden, code: "verification_failed", message: reason.rawValue)
        }
    }

    func receive(_ request: Request, context: GatewayRequestContext) async -> Response {
        guard let name = context.parameters.get("account"), let account = accounts[name] else {
            return responder.rejected("whatsapp", .notFound, code: "unknown_account", message: "no WhatsApp account by that name")
        }
        guard responder.allowed(context, sources: account.configuration.allowedSources) else {
            return responder.rejected("whatsapp", .forbidden, code: "source_not_allowed", message: "this address may not call the webhook")
        }
        guard let body = await responder.body(request) else {
            return responder.rejected("whatsapp", .contentTooLarge, code: "body_too_large", message: "the request body is too large")
        }
        do {
            try account.verifier.verify(signatureHeader: request.headers[.init(WhatsAppSignatureVerifier.headerName)!], body: body)
        } catch {
            return responder.rejected("whatsapp", .unauthorized, code: "bad_signature", message: error.message)
        }
        let parsed: [WhatsAppInbound]
        do {
            parsed = try WhatsAppWebhookParser.parse(body: body)
        } catch {
            return responder.rejected("whatsapp", .badRequest, code: "malformed_notification", message: error.message)
        }
        // A notification for another phone number than the URL's is refused whole: nothing is written.
        for inbound in parsed {
            if case .message(let message) = inbound, message.phoneNumberID != name {
                return responder.rejected("whatsapp", .badRequest, code: "wrong_account", message: "the notification is for another phone number")
            }
        }
        let items = parsed.compactMap { WhatsAppInboundTranslation.item($0, conversationKey: conversationKey) }
        return await responder.record(items, channel: "whatsapp")
    }
}
