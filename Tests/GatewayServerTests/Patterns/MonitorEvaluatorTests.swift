import Agents
import EventLog
import Foundation
import Messaging
import Testing

@testable import GatewayServer

/// The monitoring state machine alone: windows, thresholds, cooldown, clearing, percentiles.
struct MonitorEvaluatorTests {
    let start = Date(timeIntervalSince1970: 1_700_000_000)

    func observation(_ condition: Int = 0, group: String = "account=a", at seconds: Double, value: Double? = 1) -> MonitorObservation {
        MonitorObservation(condition: condition, group: group, time: start.addingTimeInterval(seconds), value: value, eventID: UUID())
    }

    var countCondition: MonitorCondition {
        MonitorCondition(id: "failures", kind: .count, events: ["outbound.failed"], groupBy: ["account"], windowSeconds: 60, moreThan: 2)
    }

    @Test func aCountFiresOnceWhenExceededAndNotAgainWithinTheCooldown() {
        var evaluator = MonitorEvaluator(conditions: [countCondition], cooldownSeconds: 300)
        #expect(evaluator.observe(observation(at: 0)) == nil)
        #expect(evaluator.observe(observation(at: 1)) == nil)
        let fired = evaluator.observe(observation(at: 2))
        #expect(fired?.kind == .fired && fired?.observedValue == 3)
        for second in 3..<20 { #expect(evaluator.observe(observation(at: Double(second))) == nil) }
        // Another group has its own window.
        #expect(evaluator.observe(observation(group: "account=b", at: 20)) == nil)
    }

    @Test func anAlertClearsWhenTheWindowEmptiesAndCanFireAgain() {
        var evaluator = MonitorEvaluator(conditions: [countCondition], cooldownSeconds: 3600)
        for second in 0..<3 { _ = evaluator.observe(observation(at: Double(second))) }
        let cleared = evaluator.observe(observation(at: 100))
        #expect(cleared?.kind == .cleared && cleared?.observedValue == 1)
        #expect(evaluator.observe(observation(at: 101)) == nil)
        #expect(evaluator.observe(observation(at: 102))?.kind == .fired)
    }

    @Test func anAlertThatKeepsHoldingFiresAgainAfterTheCooldown() {
        var evaluator = MonitorEvaluator(conditions: [countCondition], cooldownSeconds: 30)
        var fired: [Int] = []
        for second in 0..<50 where evaluator.observe(observation(at: Double(second)))?.kind == .fired {
            fired.append(second)
        }
        #expect(fired == [2, 32])
    }

    @Test func quietObservationsFillTheWindowWithoutFiring() {
        var evaluator = MonitorEvaluator(conditions: [countCondition], cooldownSeconds: 30)
        for second in 0..<5 { #expect(evaluator.observe(observation(at: Double(second)), quiet: true) == nil) }
        #expect(evaluator.observe(observation(at: 5))?.kind == .fired)
    }

    @Test func aRestoredActiveAlertStaysQuietUntilItsCooldownEnds() {
        var evaluator = MonitorEvaluator(conditions: [countCondition], cooldownSeconds: 60)
        evaluator.restore(condition: 0, group: "account=a", active: true, lastFiredAt: start)
        // The window rebuilt from the log, then new events while the condition still holds.
        for second in [0.5, 1] { #expect(evaluator.observe(observation(at: second), quiet: true) == nil) }
        for second in 2..<5 { #expect(evaluator.observe(observation(at: Double(second))) == nil) }
        #expect(evaluator.observe(observation(at: 61))?.kind == .fired)
    }

    @Test func theResponseTimePercentileIsComparedWithItsBound() {
        let slow = MonitorCondition(id: "slow", kind: .responseTime, windowSeconds: 600, aboveSeconds: 18, minimumSamples: 5)
        var evaluator = MonitorEvaluator(conditions: [slow], cooldownSeconds: 600)
        var fired: [MonitorTransition] = []
        for value in 1...20 {
            if let transition = evaluator.observe(observation(at: Double(value), value: Double(value))) { fired.append(transition) }
        }
        // Nearest rank: the 95th percentile of 1…18 is 18 (not above the bound); of 1…19 it is 19,
        // which fires; at 20 the alert is already active.
        #expect(fired.count == 1)
        #expect(fired.first?.observedValue == 19)
        #expect(SlidingWindow.percentileOf([1, 2, 3, 4, 100], 95) == 100)
        #expect(SlidingWindow.percentileOf([1, 2, 3, 4, 100], 50) == 3)
    }

    @Test func aResponseTimeNeedsItsMinimumSamples() {
        let slow = MonitorCondition(id: "slow", kind: .responseTime, windowSeconds: 600, aboveSeconds: 1, minimumSamples: 3)
        var evaluator = MonitorEvaluator(conditions: [slow], cooldownSeconds: 600)
        #expect(evaluator.observe(observation(at: 1, value: 50)) == nil)
        #expect(evaluator.observe(observation(at: 2, value: 50)) == nil)
        #expect(evaluator.observe(observation(at: 3, value: 50))?.kind == .fired)
    }

    @Test func theTrackerPairsTheOldestUnansweredMessageWithTheFirstReply() {
        var tracker = ResponseTimeTracker()
        tracker.received(in: "conversation-x", at: start, group: "channel=telegram")
        tracker.received(in: "conversation-x", at: start.addingTimeInterval(5), group: "channel=telegram")
        let sample = tracker.replied(in: "conversation-x", at: start.addingTimeInterval(8))
        #expect(sample?.seconds == 8 && sample?.group == "channel=telegram")
        #expect(tracker.replied(in: "conversation-x", at: start.addingTimeInterval(9)) == nil)
    }

    @Test func groupsComeFromMetadataOrTheConversationAndAlertsReadWithoutPersonalData() {
        let event = RecordedEvent(
            position: .start, streamID: "conversation-c_" + String(repeating: "a", count: 32), streamVersion: 1, id: UUID(),
            type: "outbound.failed", schemaVersion: 1, payload: Data("{}".utf8), metadata: ["channel": "telegram", "account": "42"],
            occurredAt: start, recordedAt: start)
        #expect(MonitorWorker.groupKey([], event) == "all")
        #expect(MonitorWorker.groupKey(["channel", "account"], event) == "channel=telegram,account=42")
        #expect(MonitorWorker.groupKey(["conversation"], event) == "conversation=c_" + String(repeating: "a", count: 32))
        #expect(MonitorWorker.groupKey(["agent"], event) == "agent=-")

        let alert = MonitorTriggered(
            agentID: "ops", conditionID: "slow", conditionKind: "response_time", groupKey: "channel=telegram", observedValue: 42.26,
            threshold: 30, windowSeconds: 900, triggeringEventID: UUID(), actionOutcomes: [])
        #expect(MonitorAlertSender.render(nil, alert) == "Switchboard alert (ops): slow for channel=telegram: 42.3s, above 30.0s in the last 900s.")
        #expect(MonitorAlertSender.render("{{condition}}/{{group}}/{{value}}/{{threshold}}/{{window}}", alert) == "slow/channel=telegram/42.3s/30.0s/900s")
    }
}
