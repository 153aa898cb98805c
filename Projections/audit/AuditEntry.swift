import Foundation

/// One audit row: who did what to which conversation, when, with what outcome. Pseudonymous ids only.
public struct AuditEntry: Codable, Sendable, Equatable {
    /// The event's global position (also the pagination key).
    public var globalPosition: Int64
    public var eventID: UUID
    public var occurredAt: Date
    /// `subject:<pseudonym>`, `router`, `delivery`, `agent:<id>`, `operator:<reference>`, `channel:<name>`, …
    public var actor: String
    /// The event type, e.g. `routing.decided`.
    public var action: String
    public var conversationID: String?
    public var correlationID: UUID?
    /// What came of it, e.g. `received`, `routed:support`, `delivered`, `failed:rate_limited:retrying`, `erased`.
    public var outcome: String
    /// The pseudonymous subject concerned, nil when none or once erased.
    public var subjectID: String?

    public init(
        globalPosition: Int64, eventID: UUID, occurredAt: Date, actor: String, action: String, conversationID: String?,
        correlationID: UUID?, outcome: String, subjectID: String?
    ) {
        self.globalPosition = globalPosition
        self.eventID = eventID
        self.occurredAt = occurredAt
        self.actor = actor
        self.action = action
        self.conversationID = conversationID
        self.correlationID = correlationID
        self.outcome = outcome
        self.subjectID = subjectID
    }

    enum CodingKeys: String, CodingKey {
        case globalPosition = "global_position"
        case eventID = "event_id"
        case occurredAt = "occurred_at"
        case actor, action
        case conversationID = "conversation_id"
        case correlationID = "correlation_id"
        case outcome
        case subjectID = "subject_id"
    }
}
