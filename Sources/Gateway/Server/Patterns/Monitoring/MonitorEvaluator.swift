import Agents
import Foundation

/// The monitoring state machine: sliding windows per condition and group, and for each alert
/// whether it is active and when it last fired. Observations go in, transitions come out; no I/O.
/// An alert fires when its condition holds and it is not active, or is active but fired at least a
/// cooldown ago; it clears when an observation finds the condition no longer holds.
struct MonitorEvaluator: Sendable {
    struct AlertKey: Hashable, Sendable {
        var condition: Int
        var group: String
    }

    struct AlertState: Sendable, Equatable {
        var active = false
        var lastFiredAt: Date?
    }

    let conditions: [MonitorCondition]
    let cooldown: TimeInterval
    private(set) var windows: [AlertKey: SlidingWindow] = [:]
    private(set) var alerts: [AlertKey: AlertState] = [:]

    init(conditions: [MonitorCondition], cooldownSeconds: Double) {
        self.conditions = conditions
        self.cooldown = cooldownSeconds
    }

    /// Restores an alert's state as recorded in the log (after a restart).
    mutating func restore(condition: Int, group: String, active: Bool, lastFiredAt: Date?) {
        alerts[AlertKey(condition: condition, group: group)] = AlertState(active: active, lastFiredAt: lastFiredAt)
    }

    /// Adds the observation to its window and returns the transition it causes. With `quiet` (while
    /// rebuilding the window from the log) windows change but alerts do not.
    mutating func observe(_ observation: MonitorObservation, quiet: Bool = false) -> MonitorTransition? {
        let key = AlertKey(condition: observation.condition, group: observation.group)
        let condition = conditions[observation.condition]
        var window = windows[key] ?? SlidingWindow(length: condition.windowSeconds)
        if let value = observation.value { window.add(value, at: observation.time) }
        window.slide(to: observation.time)
        let (holds, measured) = Self.measure(condition, window)
        var alert = alerts[key] ?? AlertState()
        defer {
            // Forget groups with nothing in the window and no active alert (conversations come and go).
            if window.isEmpty && !alert.active {
                windows[key] = nil
                alerts[key] = nil
            } else {
                windows[key] = window
                alerts[key] = alert
            }
        }
        if quiet { return nil }
        if holds {
            let cooledDown = alert.lastFiredAt.map { observation.time.timeIntervalSince($0) >= cooldown } ?? true
            guard !alert.active || cooledDown else { return nil }
            alert.active = true
            alert.lastFiredAt = observation.time
            return MonitorTransition(
                kind: .fired, condition: observation.condition, group: observation.group, observedValue: measured,
                eventID: observation.eventID, time: observation.time)
        }
        guard alert.active else { return nil }
        alert.active = false
        return MonitorTransition(
            kind: .cleared, condition: observation.condition, group: observation.group, observedValue: measured,
            eventID: observation.eventID, time: observation.time)
    }

    /// Whether the condition holds over `window`, and the measure compared.
    static func measure(_ condition: MonitorCondition, _ window: SlidingWindow) -> (holds: Bool, value: Double) {
        switch condition.kind {
        case .count, .keyword:
            return (window.count > condition.moreThan, Double(window.count))
        case .responseTime:
            guard let value = window.percentile(condition.percentile) else { return (false, 0) }
            return (window.count >= condition.minimumSamples && value > condition.aboveSeconds, value)
        }
    }

    /// The bound a condition compares against, as recorded in `monitor.triggered`.
    static func threshold(of condition: MonitorCondition) -> Double {
        condition.kind == .responseTime ? condition.aboveSeconds : Double(condition.moreThan)
    }
}
