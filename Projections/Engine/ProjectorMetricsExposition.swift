/// Renders projector metrics in the Prometheus text exposition format (version 0.0.4), for the
/// gateway's `/metrics` route and `switchboard doctor`, without a metrics library dependency.
public enum ProjectorMetricsExposition {
    /// One gauge family per figure, one sample per projector.
    public static func text(_ metrics: [ProjectorMetrics]) -> String {
        let families: [(String, String, (ProjectorMetrics) -> Double)] = [
            ("switchboard_projector_position", "Global position of the projector's checkpoint.", { Double($0.globalPosition) }),
            ("switchboard_projector_lag_events", "Events in the log past the projector's checkpoint.", { Double($0.lagEvents) }),
            ("switchboard_projector_lag_milliseconds", "Age of the newest projected event when its batch committed.", { $0.lagMilliseconds }),
            ("switchboard_projector_events_per_second", "Events applied per second over the last seconds.", { $0.eventsPerSecond }),
            ("switchboard_projector_events_applied", "Events applied since the runner started.", { Double($0.eventsApplied) }),
            ("switchboard_projector_active", "1 while this instance holds the projector's lease.", { $0.state == .active ? 1 : 0 }),
            ("switchboard_projector_rebuilding", "1 while this instance rebuilds the read model for a new schema version.", {
                $0.state == .rebuilding ? 1 : 0
            }),
            ("switchboard_projector_stopped", "1 when the projector stopped on an event it cannot handle.", { $0.state == .stopped ? 1 : 0 }),
        ]
        var out = ""
        for (name, help, value) in families {
            out += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
            for metric in metrics {
                out += "\(name){projector=\"\(metric.projector)\"} \(format(value(metric)))\n"
            }
        }
        return out
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
