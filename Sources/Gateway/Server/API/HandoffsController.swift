import EventLog
import Foundation
import Hummingbird
import Messaging

/// The human queue: `GET /v1/handoffs` (scope `conversations:read`) lists conversations whose
/// latest handoff is still open, oldest first; `POST /v1/handoffs/{conversation}/close` (scope
/// `admin`) gives a conversation back to its agent.
struct HandoffsController: Sendable {
    let authorizer: APIAuthorizer
    let log: EventLog

    func add(to router: Hummingbird.Router<GatewayRequestContext>) {
        router.get("v1/handoffs") { request, context in
            if case .failure(let refused) = await authorizer.authorize(request, context: context, scope: .conversationsRead) {
                return refused.response
            }
            return GatewayResponse.json(.ok, ["handoffs": try await open()])
        }
        router.post("v1/handoffs/{conversation}/close") { request, context in
            let holder: APITokens.Holder
            switch await authorizer.authorize(request, context: context, scope: .admin) {
            case .failure(let refused): return refused.response
            case .success(let caller): holder = caller
            }
            guard let raw = context.parameters.get("conversation"), let conversation = ConversationID(rawValue: raw) else {
                return GatewayResponse.error(.badRequest, code: "invalid_conversation_id", message: "a conversation id is c_ and 32 hex digits")
            }
            guard try await HandoffState.isOpen(log, stream: conversation.streamID, before: Int64.max) else {
                return GatewayResponse.error(.notFound, code: "no_open_handoff", message: "this conversation has no open handoff")
            }
            let closed = HandoffClosed(conversationID: conversation, operatorName: holder.name)
            _ = try await log.append(
                [try NewEvent(type: HandoffClosed.eventType, payload: EventPayloadCoding.encode(closed))], to: conversation.streamID)
            await authorizer.recordChange(request, context: context, status: 200, holder: holder, scope: .admin)
            return GatewayResponse.json(.ok, ["conversation_id": conversation.rawValue, "status": "closed"])
        }
    }

    /// Open handoffs: conversations whose latest handoff event is a request.
    func open() async throws -> [[String: Any]] {
        let rows = try await log.pool.query(
            """
            SELECT DISTINCT ON (stream_id) stream_id, event_type, recorded_at
            FROM events WHERE event_type IN ($1, $2) AND category = 'conversation'
            ORDER BY stream_id, stream_version DESC
            """, [.text(HandoffRequested.eventType), .text(HandoffClosed.eventType)])
        var open: [(String, Date)] = []
        for row in rows.rows where try row.decode(String.self, at: 1) == HandoffRequested.eventType {
            open.append((String(try row.decode(String.self, at: 0).dropFirst("conversation-".count)), try row.decode(Date.self, at: 2)))
        }
        return open.sorted { $0.1 < $1.1 }.map { ["conversation_id": $0.0, "requested_at": ISO8601DateFormatter().string(from: $0.1)] }
    }
}

/// Whether a conversation is with a person: its latest handoff event before a version is a request.
enum HandoffState {
    /// The event types that open and close a handoff.
    static let eventTypes = [HandoffRequested.eventType, HandoffClosed.eventType]

    static func isOpen(_ log: EventLog, stream: String, before version: Int64) async throws -> Bool {
        isOpen(latest: try await log.lastEvents(in: stream, ofEachType: eventTypes, before: version))
    }

    /// From the latest event of each type (``EventLog/lastEvents(in:ofEachType:before:)`` with at
    /// least ``eventTypes``): a request with no close after it.
    static func isOpen(latest: [String: RecordedEvent]) -> Bool {
        guard let requested = latest[HandoffRequested.eventType] else { return false }
        return requested.streamVersion > latest[HandoffClosed.eventType]?.streamVersion ?? 0
    }
}
