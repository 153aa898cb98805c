import ProjectorEngine
import Testing

@Suite struct ProjectorMetricsExpositionTests {
    @Test func rendersOneGaugeSamplePerProjector() {
        var audit = ProjectorMetrics(projector: "audit")
        audit.state = .active
        audit.globalPosition = 42
        audit.lagMilliseconds = 3.5
        var analytics = ProjectorMetrics(projector: "analytics")
        analytics.state = .rebuilding
        let text = ProjectorMetricsExposition.text([audit, analytics])
        #expect(text.contains("# TYPE switchboard_projector_position gauge\n"))
        #expect(text.contains("switchboard_projector_position{projector=\"audit\"} 42\n"))
        #expect(text.contains("switchboard_projector_lag_milliseconds{projector=\"audit\"} 3.5\n"))
        #expect(text.contains("switchboard_projector_active{projector=\"audit\"} 1\n"))
        #expect(text.contains("switchboard_projector_active{projector=\"analytics\"} 0\n"))
        #expect(text.contains("switchboard_projector_rebuilding{projector=\"analytics\"} 1\n"))
        #expect(text.contains("switchboard_projector_rebuilding{projector=\"audit\"} 0\n"))
    }
}
