/// What a monitoring condition measures over its window.
public enum MonitorConditionKind: String, Sendable, CaseIterable {
    /// More than `more_than` events of the given types.
    case count
    /// More than `more_than` received messages whose text matches `pattern`.
    case keyword
    /// The `percentile` of reply times above `above_seconds`.
    case responseTime = "response_time"
}
