import EventLog
import Foundation
import Logging
import Messaging
import Privacy

/// The agent worker: for each `routing.decided` that names an agent, in conversation order, loads
/// the message it decided on, runs the agent and appends its events and `outbound.queued` replies
/// in one append. Reply ids derive from the received message's id, so a turn redone after a crash
/// or a lease move appends nothing the second time.
public struct AgentDispatcher: Sendable {
    let log: EventLog
    let keyring: SubjectKeyring
    let agents: [String: any ConversationAgent]
    let metrics: GatewayMetrics
    let usage: AgentUsage
    let handoffs = ConversationHandoffs()
    let logger: Logger

    /// The event types the agent worker's consumer hands to ``handle(_:_:)``.
    public static let eventTypes = [RoutingDecided.eventType] + HandoffState.eventTypes

    public init(
        log: EventLog, keyring: SubjectKeyring, agents: [any ConversationAgent], metrics: GatewayMetrics,
        logger: Logger = Logger(label: "switchboard.gateway.agents")
    ) {
        self.log = log
        self.keyring = keyring
        self.agents = Dictionary(agents.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.metrics = metrics
        self.usage = AgentUsage(pool: log.pool)
        self.logger = logger
    }

    /// Handles one event of ``eventTypes``: runs the turn of a `routing.decided`, retrying transient
    /// failures until it succeeds, because a turn that was acknowledged must be answered; notes a
    /// handoff opened or closed.
    public func handle(
        _ event: RecordedEvent, _ handling: PartitionedConsumer.Handling = .init(history: .possiblyHandled, reading: nil)
    ) async {
        if event.type != RoutingDecided.eventType {
            handoffs.note(event, reading: handling.reading)
            return
        }
        await EventHandling.untilDone(
            event, what: "agent turn", logger: logger,
            skipped: { metrics.increment("switchboard_agent_turns_skipped_total", ["reason": $0.rawValue], help: "Agent turns not run.") },
            retrying: { metrics.increment("switchboard_agent_errors_total", help: "Agent turns that failed and were retried.") }
        ) {
            try await process(event, reading: handling.reading)
        }
    }

    func process(_ event: RecordedEvent, reading: Int?) async throws {
        let decided = try EventPayloadCoding.decode(RoutingDecided.self, from: event.payload, schemaVersion: event.schemaVersion)
        guard let agentID = decided.agentID else { return }
        // The message received just before the decision (appended with it) is usually still among
        // the newest events this process read, and whether a handoff is open is known from earlier
        // in this reading; otherwise both come in one round trip.
        var received = event.causationID.flatMap { log.recentEvent($0, shortlyBefore: event.position) }
        var handoffOpen = reading.flatMap { handoffs.isOpen(event.streamID, reading: $0) }
        if received == nil || handoffOpen == nil {
            let latest = try await log.lastEvents(
                in: event.streamID, ofEachType: [MessageReceived.eventType] + HandoffState.eventTypes, before: event.streamVersion)
            received = latest[MessageReceived.eventType]
            let open = HandoffState.isOpen(latest: latest)
            handoffOpen = open
            if let reading { handoffs.remember(open, for: event.streamID, reading: reading) }
        }
        guard let receivedID = event.causationID, let received, received.id == receivedID else {
            logger.error("routing.decided without its message.received; skipped", metadata: ["position": "\(event.globalPosition)"])
            return
        }
        let message = try EventPayloadCoding.decode(MessageReceived.self, from: received.payload, schemaVersion: received.schemaVersion).message
        // A conversation handed to a person stays with them until an operator closes the handoff.
        if handoffOpen == true {
            metrics.increment("switchboard_agent_turns_skipped_total", ["reason": "handoff_open"], help: "Agent turns not run.")
            return
        }
        let agent = agents[agentID] ?? agents[EchoAgent.id]!
        var text: UnsealedValue?
        if let sealed = message.text { text = try await keyring.unseal(sealed) }
        let turn = AgentTurn(
            conversation: message.conversationID, channel: message.channel, accountID: message.accountID, receivedEventID: receivedID,
            receivedPosition: received.globalPosition, receivedAt: received.occurredAt, senderSubjectID: message.sender.subjectID,
            text: text.flatMap { if case .plaintext(let value) = $0 { value } else { nil } },
            interactiveReplyID: message.interactiveReply?.id)
        let started = ContinuousClock.now
        var response = try await run(agent, turn: turn, decision: event)
        let elapsed = ContinuousClock.now - started
        metrics.observe(
            "switchboard_agent_turn_seconds", ["agent": agent.id],
            seconds: Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds),
            help: "Time an agent took to decide one turn.")

        if let breach = response.limitExceeded {
            metrics.increment("switchboard_agent_limits_exceeded_total", ["agent": agent.id, "limit": breach.limit], help: "Agent runs stopped at a limit.")
            response.events.append(
                try NewEvent(
                    id: DerivedEventID.make(from: receivedID, part: AgentLimitExceeded.eventType), type: AgentLimitExceeded.eventType,
                    payload: EventPayloadCoding.encode(
                        AgentLimitExceeded(
                            conversationID: message.conversationID, agentID: agent.id, limit: breach.limit, bound: breach.bound,
                            observed: breach.observed)),
                    metadata: ["channel": message.channel.rawValue, "account": message.accountID, "agent": agent.id],
                    correlationID: event.correlationID ?? receivedID, causationID: receivedID))
            response.replies = [AgentReply(text: agent.limitFallback)]
        }
        var events = response.events
        let subject = message.sender.subjectID
        // One key lookup seals every reply and button of the turn.
        let key = response.replies.isEmpty ? nil : try await keyring.ensureKey(for: subject)
        for (index, reply) in response.replies.enumerated() {
            guard let key else { break }
            let outboundID = DerivedEventID.make(from: receivedID, part: "reply/\(index)")
            var buttons: [OutboundButton] = []
            for button in reply.buttons {
                buttons.append(OutboundButton(id: button.id, title: try key.seal(button.title)))
            }
            let queued = OutboundQueued(
                outboundID: outboundID, conversationID: message.conversationID, channel: message.channel, accountID: message.accountID,
                recipientSubjectID: subject, platformChatID: message.platformChatID,
                text: try key.seal(reply.text), buttons: buttons.isEmpty ? nil : buttons,
                causationEventID: receivedID)
            events.append(
                try NewEvent(
                    id: outboundID, type: OutboundQueued.eventType, schemaVersion: OutboundQueued.schemaVersion,
                    payload: EventPayloadCoding.encode(queued), subjectID: subject,
                    metadata: ["channel": message.channel.rawValue, "account": message.accountID, "agent": agent.id],
                    correlationID: event.correlationID ?? receivedID, causationID: receivedID))
        }
        guard !events.isEmpty else { return }
        let result = try await log.append(events, to: event.streamID)
        logger.debug(
            "agent turn recorded",
            metadata: [
                "correlation_id": "\(event.correlationID ?? receivedID)", "conversation": "\(message.conversationID)", "agent": "\(agent.id)",
                "replies": "\(response.replies.count)", "duplicate": "\(result.wasDuplicate)",
            ])
        metrics.increment(
            "switchboard_outbound_queued_total", ["channel": message.channel.rawValue], by: result.wasDuplicate ? 0 : Double(response.replies.count),
            help: "Replies queued for delivery.")
        metrics.increment("switchboard_events_appended_total", by: result.wasDuplicate ? 0 : Double(events.count), help: "Events appended.")
    }

    /// Runs the agent within its limits: the day's runs in this conversation, the wall-clock
    /// bound (the run is cancelled when it passes) and the length of what it would send.
    func run(_ agent: any ConversationAgent, turn: AgentTurn, decision: RecordedEvent) async throws -> AgentResponse {
        guard let limits = agent.limits else { return try await agent.respond(to: turn) }
        // Every run's `routing.decided` follows its `message.received` in the stream, so a stream
        // this short cannot hold more runs than the quota: no need to count them.
        if decision.streamVersion / 2 > Int64(limits.runsPerConversationPerDay),
            case let runs = try await usage.runs(of: agent.id, in: decision.streamID, through: decision.streamVersion, dayOf: turn.receivedAt),
            runs > limits.runsPerConversationPerDay
        {
            return AgentResponse(
                replies: [],
                limitExceeded: AgentLimitBreach(
                    limit: "runs_per_conversation_per_day", bound: Double(limits.runsPerConversationPerDay), observed: Double(runs)))
        }
        let response = try await RunDeadline.run(seconds: limits.maxRunSeconds) { try await agent.respond(to: turn) }
        guard var response else {
            return AgentResponse(
                replies: [], limitExceeded: AgentLimitBreach(limit: "max_run_seconds", bound: limits.maxRunSeconds, observed: limits.maxRunSeconds))
        }
        let characters = response.replies.reduce(0) { $0 + $1.text.count }
        if response.limitExceeded == nil, characters > limits.maxOutputChars {
            response.limitExceeded = AgentLimitBreach(limit: "max_output_chars", bound: Double(limits.maxOutputChars), observed: Double(characters))
        }
        return response
    }
}
