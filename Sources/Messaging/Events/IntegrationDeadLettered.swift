import Foundation

/// `integration.dead_lettered`: an integration agent gave up forwarding an event to an endpoint
/// after its attempts ran out, and moved on. Recorded in `integration-<agent>`; the control API lists
/// these and can redeliver them. Holds ids and reasons only, never the forwarded body.
public struct IntegrationDeadLettered: EventPayload {
    public static let eventType = "integration.dead_lettered"
    public static let schemaVersion = 1

    public var agentID: String
    public var endpoint: String
    /// The forwarded event.
    public var eventID: UUID
    public var eventType: String
    public var streamID: String
    public var globalPosition: Int64
    public var attempts: Int
    /// The last failure: `http 500`, `timeout`, `connection failed` …
    public var lastError: String

    public init(
        agentID: String, endpoint: String, eventID: UUID, eventType: String, streamID: String, globalPosition: Int64, attempts: Int,
        lastError: String
    ) {
        self.agentID = agentID
        self.endpoint = endpoint
        self.eventID = eventID
        self.eventType = eventType
        self.streamID = streamID
        self.globalPosition = globalPosition
        self.attempts = attempts
        self.lastError = lastError
    }

    enum CodingKeys: String, CodingKey {
        case agentID = "agent_id"
        case endpoint
        case eventID = "event_id"
        case eventType = "event_type"
        case streamID = "stream_id"
        case globalPosition = "global_position"
        case attempts
        case lastError = "last_error"
    }
}
