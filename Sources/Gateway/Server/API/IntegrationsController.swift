import EventLog
import Foundation
import Hummingbird
import Messaging

/// An integration agent's dead letters: `GET /v1/integrations/{agent}/dead-letters` (scope
/// `audit:read`) lists the events it gave up forwarding; `POST
/// /v1/integrations/{agent}/dead-letters/{id}/redeliver` (scope `admin`) sends one again, once, and
/// on success records `integration.redelivered`, which takes it off the list.
struct IntegrationsController: Sendable {
    let authorizer: APIAuthorizer
    let log: EventLog
    let patterns: PatternAgents

    func add(to router: Hummingbird.Router<GatewayRequestContext>) {
        router.get("v1/integrations/{agent}/dead-letters") { request, context in
            if case .failure(let refused) = await authorizer.authorize(request, context: context, scope: .auditRead) {
                return refused.response
            }
            guard let agent = context.parameters.get("agent"), patterns.forwarders[agent] != nil else {
                return GatewayResponse.error(.notFound, code: "unknown_integration", message: "no integration agent has this id")
            }
            let dates = ISO8601DateFormatter()
            let letters = try await IntegrationDeadLetters(log: log).open(agent: agent).map { open -> [String: Any] in
                [
                    "id": open.id.uuidString.lowercased(), "endpoint": open.letter.endpoint, "event_id": open.letter.eventID.uuidString.lowercased(),
                    "event_type": open.letter.eventType, "stream_id": open.letter.streamID, "global_position": open.letter.globalPosition,
                    "attempts": open.letter.attempts, "last_error": open.letter.lastError, "dead_lettered_at": dates.string(from: open.deadLetteredAt),
                ]
            }
            return GatewayResponse.json(.ok, ["agent": agent, "dead_letters": letters])
        }
        router.post("v1/integrations/{agent}/dead-letters/{id}/redeliver") { request, context in
            let holder: APITokens.Holder
            switch await authorizer.authorize(request, context: context, scope: .admin) {
            case .failure(let refused): return refused.response
            case .success(let caller): holder = caller
            }
            guard let agent = context.parameters.get("agent"), let forwarders = patterns.forwarders[agent] else {
                return GatewayResponse.error(.notFound, code: "unknown_integration", message: "no integration agent has this id")
            }
            guard let raw = context.parameters.get("id"), let id = UUID(uuidString: raw),
                let open = try await IntegrationDeadLetters(log: log).open(agent: agent).first(where: { $0.id == id })
            else {
                return GatewayResponse.error(.notFound, code: "unknown_dead_letter", message: "this agent has no open dead letter with this id")
            }
            guard let forwarder = forwarders.first(where: { $0.endpoint.name == open.letter.endpoint }),
                let event = try await log.event(withID: open.letter.eventID)
            else {
                return GatewayResponse.error(.conflict, code: "not_redeliverable", message: "the endpoint or the event no longer exists")
            }
            if let failure = try await forwarder.redeliver(event, deadLetter: open, operatorName: holder.name) {
                return GatewayResponse.error(.badGateway, code: "redelivery_failed", message: "the endpoint did not accept it: \(failure)")
            }
            await authorizer.recordChange(request, context: context, status: 200, holder: holder, scope: .admin)
            return GatewayResponse.json(.ok, ["id": id.uuidString.lowercased(), "status": "redelivered"])
        }
    }
}
