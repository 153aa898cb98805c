import Agents
import EventLog
import Foundation
import Logging
import Messaging
import Privacy

/// Runs one monitoring agent: while this process holds its lease, it rebuilds the conditions'
/// windows from the last W seconds of the log, restores which alerts are active from its stream
/// `monitor-<agent>`, then follows the log from its checkpoint, feeding each event to the
/// ``MonitorEvaluator`` and carrying out the alerts it raises. `monitor.triggered` and
/// `monitor.cleared` ids derive from the event that caused them, so re-reading events after a
/// restart records and sends nothing twice. Message text is opened in memory only, to match it.
final class MonitorWorker: Sendable {
    let definition: AgentDefinition
    let monitor: MonitorDefinition
    let log: EventLog
    let keyring: SubjectKeyring
    let alerts: MonitorAlertSender
    let leases: PartitionLeases
    let checkpoints: WorkerCheckpoints
    let metrics: GatewayMetrics
    let logger: Logger

    init(
        definition: AgentDefinition, monitor: MonitorDefinition, log: EventLog, keyring: SubjectKeyring, alerts: MonitorAlertSender,
        leases: PartitionLeases, metrics: GatewayMetrics, logger: Logger
    ) {
        self.definition = definition
        self.monitor = monitor
        self.log = log
        self.keyring = keyring
        self.alerts = alerts
        self.leases = leases
        self.checkpoints = WorkerCheckpoints(pool: log.pool, role: leases.role)
        self.metrics = metrics
        self.logger = logger
    }

    var streamID: String { Self.streamID(agent: definition.id) }

    static func streamID(agent: String) -> String { "monitor-\(agent)" }

    /// The role (one lease, one checkpoint) of one monitoring agent; the lock class is a stable hash.
    static func role(agent: String) -> WorkerRole {
        .named("monitor/\(agent)", block: 0x2000_0000)
    }

    /// The event types any condition reads.
    var types: [String] { Array(Set(monitor.conditions.flatMap(\.events))).sorted() }

    /// Holds the lease and watches while it is held, until cancelled.
    func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.leases.run() }
            var watcher: Task<Void, Never>?
            for await owned in leases.updates() {
                if owned.contains(0), watcher == nil {
                    watcher = Task { await self.watch() }
                } else if !owned.contains(0), let running = watcher {
                    running.cancel()
                    await running.value
                    watcher = nil
                }
            }
            watcher?.cancel()
            await watcher?.value
            group.cancelAll()
        }
    }

    private func watch() async {
        while !Task.isCancelled {
            do {
                try await follow()
                return
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                logger.warning("monitor failed; will restart from its checkpoint", metadata: ["agent": "\(definition.id)", "error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Rebuilds state, then follows the log.
    private func follow() async throws {
        var state = WatchState(
            evaluator: MonitorEvaluator(conditions: monitor.conditions, cooldownSeconds: monitor.cooldownSeconds),
            trackers: monitor.conditions.map { _ in ResponseTimeTracker() },
            patterns: try monitor.conditions.map { condition in
                try condition.pattern.map { try NSRegularExpression(pattern: $0, options: [.caseInsensitive]) }
            })
        try await restoreAlerts(into: &state.evaluator)
        let since = Date().addingTimeInterval(-monitor.longestWindowSeconds)
        let checkpoint = try await checkpoints.load()[0]
        let windowStart = try await log.lastPosition(recordedBefore: since, atOrBefore: checkpoint)
        let filter = EventFilter(types: types)
        var start = windowStart
        if let checkpoint, windowStart < checkpoint {
            // Already handled before the restart: rebuild the windows from them, quietly.
            for event in try await log.readRange(after: windowStart, through: checkpoint, filter: filter) {
                try await feed(event, into: &state, quiet: true)
            }
            start = checkpoint
        }
        var events = log.subscribe(from: start, filter: filter).makeAsyncIterator()
        var savedAt = ContinuousClock.now
        while let event = try await events.next() {
            let changed = try await feed(event, into: &state, quiet: false)
            if changed || ContinuousClock.now - savedAt > .seconds(1) {
                try await checkpoints.save([0: events.cursor])
                savedAt = ContinuousClock.now
            }
        }
    }

    struct WatchState {
        var evaluator: MonitorEvaluator
        var trackers: [ResponseTimeTracker]
        /// Compiled keyword patterns by condition (nil for other kinds); used on this task only.
        var patterns: [NSRegularExpression?]
    }

    /// Feeds one event to every condition that reads it; true when an alert fired or cleared.
    @discardableResult
    private func feed(_ event: RecordedEvent, into state: inout WatchState, quiet: Bool) async throws -> Bool {
        var text: String??
        var changed = false
        for (index, condition) in monitor.conditions.enumerated() {
            var observation: MonitorObservation?
            switch condition.kind {
            case .count:
                if condition.events.contains(event.type) {
                    observation = MonitorObservation(
                        condition: index, group: Self.groupKey(condition.groupBy, event), time: event.recordedAt, value: 1, eventID: event.id)
                }
            case .keyword:
                guard event.type == MessageReceived.eventType, let regex = state.patterns[index] else { break }
                if text == nil { text = .some(try await openText(event)) }
                let matched = (text ?? nil).map { regex.firstMatch(in: $0, range: NSRange($0.startIndex..., in: $0)) != nil } ?? false
                observation = MonitorObservation(
                    condition: index, group: Self.groupKey(condition.groupBy, event), time: event.recordedAt, value: matched ? 1 : nil,
                    eventID: event.id)
            case .responseTime:
                if event.type == MessageReceived.eventType {
                    state.trackers[index].received(in: event.streamID, at: event.recordedAt, group: Self.groupKey(condition.groupBy, event))
                } else if event.type == condition.replyEvent, let sample = state.trackers[index].replied(in: event.streamID, at: event.recordedAt) {
                    observation = MonitorObservation(
                        condition: index, group: sample.group, time: event.recordedAt, value: sample.seconds, eventID: event.id)
                }
            }
            guard let observation, let transition = state.evaluator.observe(observation, quiet: quiet) else { continue }
            try await record(transition)
            changed = true
        }
        return changed
    }

    /// The message's text, opened in memory; nil without text or once its sender is erased.
    private func openText(_ event: RecordedEvent) async throws -> String? {
        let message = try EventPayloadCoding.decode(MessageReceived.self, from: event.payload, schemaVersion: event.schemaVersion).message
        guard let sealed = message.text, case .plaintext(let text) = try await keyring.unseal(sealed) else { return nil }
        return text
    }

    /// Records a transition; for a firing, carries out the actions first (their ids derive from the
    /// alert's), so a crash in between redoes them without duplicates.
    private func record(_ transition: MonitorTransition) async throws {
        let condition = monitor.conditions[transition.condition]
        switch transition.kind {
        case .fired:
            let alertID = DerivedEventID.make(from: transition.eventID, part: "monitor/\(definition.id)/\(condition.id)/\(transition.group)")
            var alert = MonitorTriggered(
                agentID: definition.id, conditionID: condition.id, conditionKind: condition.kind.rawValue, groupKey: transition.group,
                observedValue: transition.observedValue, threshold: MonitorEvaluator.threshold(of: condition),
                windowSeconds: condition.windowSeconds, triggeringEventID: transition.eventID, actionOutcomes: [])
            alert.actionOutcomes = try await alerts.send(alert, alertID: alertID, at: transition.time)
            let result = try await log.append(
                [
                    try NewEvent(
                        id: alertID, type: MonitorTriggered.eventType, payload: EventPayloadCoding.encode(alert),
                        metadata: ["agent": definition.id], correlationID: alertID, causationID: transition.eventID)
                ], to: streamID)
            if !result.wasDuplicate {
                metrics.increment("switchboard_monitor_alerts_total", ["agent": definition.id, "condition": condition.id], help: "Monitor alerts raised.")
                logger.notice(
                    "monitor triggered",
                    metadata: ["agent": "\(definition.id)", "condition": "\(condition.id)", "group": "\(transition.group)", "value": "\(transition.observedValue)"])
            }
        case .cleared:
            let cleared = MonitorCleared(
                agentID: definition.id, conditionID: condition.id, groupKey: transition.group, observedValue: transition.observedValue,
                clearingEventID: transition.eventID)
            _ = try await log.append(
                [
                    try NewEvent(
                        id: DerivedEventID.make(from: transition.eventID, part: "monitor-cleared/\(definition.id)/\(condition.id)/\(transition.group)"),
                        type: MonitorCleared.eventType, payload: EventPayloadCoding.encode(cleared), metadata: ["agent": definition.id],
                        causationID: transition.eventID)
                ], to: streamID)
        }
    }

    /// Which alerts are active and when each last fired, from the agent's own stream.
    private func restoreAlerts(into evaluator: inout MonitorEvaluator) async throws {
        let index = Dictionary(monitor.conditions.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
        var next: Int64 = 1
        while true {
            let page = try await log.readStream(streamID, from: next, limit: 500)
            for event in page {
                switch event.type {
                case MonitorTriggered.eventType:
                    let alert = try EventPayloadCoding.decode(MonitorTriggered.self, from: event.payload)
                    guard let condition = index[alert.conditionID] else { continue }
                    evaluator.restore(condition: condition, group: alert.groupKey, active: true, lastFiredAt: try await triggerTime(alert, event))
                case MonitorCleared.eventType:
                    let cleared = try EventPayloadCoding.decode(MonitorCleared.self, from: event.payload)
                    guard let condition = index[cleared.conditionID] else { continue }
                    let previous = evaluator.alerts[.init(condition: condition, group: cleared.groupKey)]
                    evaluator.restore(condition: condition, group: cleared.groupKey, active: false, lastFiredAt: previous?.lastFiredAt)
                default:
                    break
                }
            }
            guard page.count == 500, let last = page.last else { return }
            next = last.streamVersion + 1
        }
    }

    /// The log time the alert fired at: its triggering event's recording time, as the evaluator saw it.
    private func triggerTime(_ alert: MonitorTriggered, _ event: RecordedEvent) async throws -> Date {
        let result = try await log.pool.query("SELECT recorded_at FROM events WHERE event_id = $1", [.uuid(alert.triggeringEventID)])
        return result.rowCount == 1 ? try result[0].decode(Date.self, at: 0) : event.recordedAt
    }

    /// The group an event belongs to under `keys`: `account=…,channel=…`, `conversation=c_…`, or `all`.
    static func groupKey(_ keys: [String], _ event: RecordedEvent) -> String {
        if keys.isEmpty { return "all" }
        return keys.map { key in
            if key == "conversation" {
                let conversation = event.streamID.hasPrefix("conversation-") ? String(event.streamID.dropFirst("conversation-".count)) : event.streamID
                return "conversation=\(conversation)"
            }
            return "\(key)=\(event.metadata[key] ?? "-")"
        }.joined(separator: ",")
    }
}
