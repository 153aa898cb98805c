import EventLog
import Foundation
import Hummingbird
import Messaging
import Privacy

/// `POST /v1/conversations/{id}/messages` (scope `admin`): an operator answers a conversation,
/// with text or a WhatsApp template (`{"text": …}` or `{"template": {"name", "language",
/// "parameters"}, "text": fallback}`). Recorded as `operator.replied` with its `outbound.queued`,
/// and delivered like any reply. An `Idempotency-Key` header makes a retried call queue nothing new.
struct OperatorMessagesController: Sendable {
    let authorizer: APIAuthorizer
    let log: EventLog
    let keyring: SubjectKeyring

    struct Body: Decodable {
        struct Template: Decodable {
            var name: String
            var language: String
            var parameters: [String]?
        }
        var text: String?
        var template: Template?
    }

    func add(to router: Hummingbird.Router<GatewayRequestContext>) {
        router.post("v1/conversations/{id}/messages") { request, context in
            let holder: APITokens.Holder
            switch await authorizer.authorize(request, context: context, scope: .admin) {
            case .failure(let refused): return refused.response
            case .success(let caller): holder = caller
            }
            let response = try await reply(request, context: context, operatorName: holder.name)
            if response.status.code < 300 {
                await authorizer.recordChange(request, context: context, status: Int(response.status.code), holder: holder, scope: .admin)
            }
            return response
        }
    }

    func reply(_ request: Request, context: GatewayRequestContext, operatorName: String) async throws -> Response {
        guard let raw = context.parameters.get("id"), let conversation = ConversationID(rawValue: raw) else {
            return GatewayResponse.error(.badRequest, code: "invalid_conversation_id", message: "a conversation id is c_ and 32 hex digits")
        }
        var request = request
        guard let buffer = try? await request.collectBody(upTo: 64 * 1024) else {
            return GatewayResponse.error(.contentTooLarge, code: "body_too_large", message: "the body is limited to 64 KiB")
        }
        guard let body = try? JSONDecoder().decode(Body.self, from: Data(buffer: buffer)) else {
            return GatewayResponse.error(
                .badRequest, code: "invalid_body", message: "the body is {\"text\": …} or {\"template\": {\"name\", \"language\", \"parameters\"}}")
        }
        let text = (body.text ?? body.template.map { "[template \($0.name)]" } ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 20_000 else {
            return GatewayResponse.error(.badRequest, code: "invalid_text", message: "text must be 1–20000 characters")
        }
        if let template = body.template, template.name.isEmpty || template.language.isEmpty {
            return GatewayResponse.error(.badRequest, code: "invalid_template", message: "a template needs a name and a language")
        }
        // The person and chat to answer come from the conversation's latest received message.
        guard let received = try await log.lastEvent(in: conversation.streamID, ofTypes: [MessageReceived.eventType]) else {
            return GatewayResponse.error(.notFound, code: "unknown_conversation", message: "no conversation with this id has messages")
        }
        let message = try EventPayloadCoding.decode(MessageReceived.self, from: received.payload).message
        let subject = message.sender.subjectID
        let key = request.headers[.init("Idempotency-Key")!].map { "operator/\($0)" } ?? "operator/\(UUID().uuidString)"
        let outboundID = DerivedEventID.make(from: received.id, part: key)
        var template: OutboundTemplate?
        if let requested = body.template {
            var parameters: [SealedField] = []
            for parameter in requested.parameters ?? [] { parameters.append(try await keyring.seal(parameter, subject: subject)) }
            template = OutboundTemplate(name: requested.name, language: requested.language, bodyParameters: parameters)
        }
        let queued = OutboundQueued(
            outboundID: outboundID, conversationID: conversation, channel: message.channel, accountID: message.accountID,
            recipientSubjectID: subject, platformChatID: message.platformChatID, text: try await keyring.seal(text, subject: subject),
            causationEventID: received.id, template: template)
        let replied = OperatorReplied(conversationID: conversation, outboundID: outboundID, operatorName: operatorName)
        let metadata = ["channel": message.channel.rawValue, "account": message.accountID]
        let result = try await log.append(
            [
                try NewEvent(
                    id: DerivedEventID.make(from: outboundID, part: OperatorReplied.eventType), type: OperatorReplied.eventType,
                    payload: EventPayloadCoding.encode(replied), metadata: metadata, correlationID: outboundID),
                try NewEvent(
                    id: outboundID, type: OutboundQueued.eventType, schemaVersion: OutboundQueued.schemaVersion,
                    payload: EventPayloadCoding.encode(queued), subjectID: subject, metadata: metadata, correlationID: outboundID),
            ], to: conversation.streamID)
        return GatewayResponse.json(.accepted, ["outbound_id": outboundID.uuidString.lowercased(), "duplicate": result.wasDuplicate])
    }
}
