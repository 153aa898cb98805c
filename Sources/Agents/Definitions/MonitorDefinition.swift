/// The `monitor:` section of a monitoring agent: conditions watched over sliding windows of the
/// event log, and what to do when one holds.
public struct MonitorDefinition: Sendable, Equatable {
    public var conditions: [MonitorCondition]
    public var actions: [MonitorAction]
    /// After firing for a group, how long the same condition stays quiet for that group unless it
    /// clears first.
    public var cooldownSeconds: Double

    public init(conditions: [MonitorCondition], actions: [MonitorAction], cooldownSeconds: Double = 300) {
        self.conditions = conditions
        self.actions = actions
        self.cooldownSeconds = cooldownSeconds
    }

    /// The longest window of any condition: how much of the log a restart reads to rebuild state.
    public var longestWindowSeconds: Double {
        conditions.map(\.windowSeconds).max() ?? 0
    }
}
