import Foundation

/// `monitor.triggered`: a monitoring agent's condition started to hold for a group (or held again
/// after its cooldown). Recorded in the agent's stream `monitor-<agent>`, with an id derived from the
/// event that made it hold, so a restart that re-reads the window records nothing twice. Holds no
/// personal data: groups are channel, account or pseudonymous conversation ids.
public struct MonitorTriggered: EventPayload {
    public static let eventType = "monitor.triggered"
    public static let schemaVersion = 1

    public var agentID: String
    public var conditionID: String
    /// `count`, `keyword` or `response_time`.
    public var conditionKind: String
    /// The group the condition held for, e.g. `account=123` or `conversation=c_…`; `all` without grouping.
    public var groupKey: String
    /// What was measured: events in the window, or the percentile in seconds.
    public var observedValue: Double
    /// The bound it went above.
    public var threshold: Double
    public var windowSeconds: Double
    /// The event that made the condition hold.
    public var triggeringEventID: UUID
    /// What each action did, e.g. `message queued`, `http 200`, `http failed: timeout`.
    public var actionOutcomes: [String]

    public init(
        agentID: String, conditionID: String, conditionKind: String, groupKey: String, observedValue: Double, threshold: Double,
        windowSeconds: Double, triggeringEventID: UUID, actionOutcomes: [String]
    ) {
        self.agentID = agentID
        self.conditionID = conditionID
        self.conditionKind = conditionKind
        self.groupKey = groupKey
        self.observedValue = observedValue
        self.threshold = threshold
        self.windowSeconds = windowSeconds
        self.triggeringEventID = triggeringEventID
        self.actionOutcomes = actionOutcomes
    }

    enum CodingKeys: String, CodingKey {
        case agentID = "agent_id"
        case conditionID = "condition_id"
        case conditionKind = "condition_kind"
        case groupKey = "group_key"
        case observedValue = "observed_value"
        case threshold
        case windowSeconds = "window_seconds"
        case triggeringEventID = "triggering_event_id"
        case actionOutcomes = "action_outcomes"
    }
}
