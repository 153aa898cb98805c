import EventLog
import Foundation
import Messaging
import Privacy
import ReadModels

/// The audit projector's fold: one event in, its audit row out (nil for events an auditor does not
/// need, such as benchmark or internal events). Pure. Reads only the few payload fields it needs, so it
/// never touches sealed text.
public struct AuditFold: Sendable {
    public static let readModel = AuditSchema.name

    /// Event types always audited; besides these, every type under ``auditedPrefixes``.
    public static let auditedTypes: Set<String> = [
        MessageReceived.eventType, MessageUnsupported.eventType, RoutingDecided.eventType, OutboundQueued.eventType,
        OutboundDelivered.eventType, OutboundFailed.eventType, OutboundDeadLettered.eventType, ReceiptRecorded.eventType,
        SubjectErased.eventType,
    ]
    /// Families of events audited whatever their exact type (agent actions, consent, admin API calls, configuration changes).
    public static let auditedPrefixes = ["agent.", "consent.", "admin.", "config.", "api."]

    public init() {}

    /// Whether `type` gets an audit row.
    public static func audits(_ type: String) -> Bool {
        auditedTypes.contains(type) || auditedPrefixes.contains { type.hasPrefix($0) }
    }

    /// The audit row of `event`, or nil when the event is not audited.
    /// - Throws: ``ReadModelError`` when an audited event's payload is unreadable.
    public func entry(for event: RecordedEvent) throws(ReadModelError) -> AuditEntry? {
        guard Self.audits(event.type) else { return nil }
        var conversation: String? =
            event.streamID.hasPrefix("conversation-") ? String(event.streamID.dropFirst("conversation-".count)) : nil
        var actor = event.metadata["actor"]
        var outcome = event.metadata["outcome"]
        var subject = event.subjectID
        switch event.type {
        case MessageReceived.eventType:
            let message = try event.receivedMessageFacts(for: Self.readModel)
            conversation = message.conversationID.rawValue
            subject = message.sender.subjectID
            actor = actor ?? "subject:\(message.sender.subjectID)"
            outcome = outcome ?? (message.isEdit ? "edited" : "received")
        case MessageUnsupported.eventType:
            let payload = try decode(Unsupported.self, event)
            actor = actor ?? "channel:\(payload.channel)"
            outcome = outcome ?? "unsupported:\(payload.payloadType)"
        case RoutingDecided.eventType:
            let payload = try event.payload(RoutingDecided.self, for: Self.readModel)
            conversation = payload.conversationID.rawValue
            actor = actor ?? "router"
            outcome = outcome ?? (payload.agentID.map { "routed:\($0)" } ?? "unrouted:\(payload.reason.rawValue)")
        case OutboundQueued.eventType:
            let payload = try event.queuedMessage(for: Self.readModel)
            conversation = payload.conversationID.rawValue
            subject = payload.recipientSubjectID
            actor = actor ?? event.metadata["agent_id"].map { "agent:\($0)" } ?? "agent"
            outcome = outcome ?? "queued"
        case OutboundDelivered.eventType:
            _ = try event.payload(OutboundDelivered.self, for: Self.readModel)
            actor = actor ?? "delivery"
            outcome = outcome ?? "delivered"
        case OutboundFailed.eventType:
            let payload = try event.payload(OutboundFailed.self, for: Self.readModel)
            actor = actor ?? "delivery"
            outcome = outcome ?? "failed:\(payload.reasonCode.rawValue):\(payload.retryable ? "retrying" : "final")"
        case OutboundDeadLettered.eventType:
            _ = try decode(Settled.self, event)
            actor = actor ?? "delivery"
            outcome = outcome ?? "dead_lettered"
        case ReceiptRecorded.eventType:
            let payload = try decode(Receipt.self, event)
            actor = actor ?? "channel"
            outcome = outcome ?? "receipt:\(payload.status)"
        case SubjectErased.eventType:
            let payload = try event.plainPayload(SubjectErased.self, expectedVersion: SubjectErased.schemaVersion, for: Self.readModel)
            subject = payload.subjectID
            actor = actor ?? "operator:\(payload.requestedBy)"
            outcome = outcome ?? "erased"
        default:
            if let reference = event.agentEventReference {
                conversation = reference.conversationID ?? conversation
                if actor == nil, let agent = reference.agentID { actor = "agent:\(agent)" }
            }
        }
        return AuditEntry(
            globalPosition: event.globalPosition, eventID: event.id, occurredAt: event.occurredAt,
            actor: actor ?? String(event.type.prefix { $0 != "." }), action: event.type, conversationID: conversation,
            correlationID: event.correlationID, outcome: outcome ?? "recorded", subjectID: subject)
    }

    private func decode<T: Decodable & Sendable>(_ type: T.Type, _ event: RecordedEvent) throws(ReadModelError) -> T {
        try event.plainPayload(T.self, expectedVersion: 1, for: Self.readModel)
    }

    // The few fields read from each payload.
    private struct Unsupported: Decodable {
        var channel: String
        var payloadType: String
        enum CodingKeys: String, CodingKey {
            case channel
            case payloadType = "payload_type"
        }
    }
    private struct Settled: Decodable {
        var outboundID: UUID
        enum CodingKeys: String, CodingKey { case outboundID = "outbound_id" }
    }
    private struct Receipt: Decodable {
        var status: String
    }
}
