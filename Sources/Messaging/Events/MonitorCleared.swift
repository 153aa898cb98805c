import Foundation

/// `monitor.cleared`: a condition that had triggered for a group no longer holds. With
/// ``MonitorTriggered`` it lets a restarted monitor know which alerts are still active.
public struct MonitorCleared: EventPayload {
    public static let eventType = "monitor.cleared"
    public static let schemaVersion = 1

    public var agentID: String
    public var conditionID: String
    public var groupKey: String
    public var observedValue: Double
    /// The event whose arrival showed the condition no longer holds.
    public var clearingEventID: UUID

    public init(agentID: String, conditionID: String, groupKey: String, observedValue: Double, clearingEventID: UUID) {
        self.agentID = agentID
        self.conditionID = conditionID
        self.groupKey = groupKey
        self.observedValue = observedValue
        self.clearingEventID = clearingEventID
    }

    enum CodingKeys: String, CodingKey {
        case agentID = "agent_id"
        case conditionID = "condition_id"
        case groupKey = "group_key"
        case observedValue = "observed_value"
        case clearingEventID = "clearing_event_id"
    }
}
