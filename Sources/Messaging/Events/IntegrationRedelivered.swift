import Foundation

/// `integration.redelivered`: an operator asked for a dead-lettered event to be sent again and the
/// endpoint accepted it; the dead letter leaves the list.
public struct IntegrationRedelivered: EventPayload {
    public static let eventType = "integration.redelivered"
    public static let schemaVersion = 1

    public var agentID: String
    public var endpoint: String
    /// The `integration.dead_lettered` event this resolves.
    public var deadLetterID: UUID
    public var eventID: UUID
    public var operatorName: String

    public init(agentID: String, endpoint: String, deadLetterID: UUID, eventID: UUID, operatorName: String) {
        self.agentID = agentID
        self.endpoint = endpoint
        self.deadLetterID = deadLetterID
        self.eventID = eventID
        self.operatorName = operatorName
    }

    enum CodingKeys: String, CodingKey {
        case agentID = "agent_id"
        case endpoint
        case deadLetterID = "dead_letter_id"
        case eventID = "event_id"
        case operatorName = "operator_name"
    }
}
