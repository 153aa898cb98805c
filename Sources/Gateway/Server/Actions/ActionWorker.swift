import Agents
import EventLog
import Foundation
import Logging
import Messaging
import Privacy

/// The action worker (agents role): for each `agent.action_requested` not run inline, in
/// conversation order, has the ``ActionRunner`` perform it. When the action completes and the agent
/// has a `<action>_completed` template, the customer gets it, filled with the action's outputs
/// (what an API answered); when it fails for good, a polite reply (the agent's `action_failed`
/// template, else a default). Reply ids derive from the request, so a redo queues nothing twice.
public struct ActionWorker: Sendable {
    let runner: ActionRunner
    let log: EventLog
    let keyring: SubjectKeyring
    /// Agent id → its templates.
    let templates: [String: [String: String]]
    let metrics: GatewayMetrics
    let logger: Logger

    public static let defaultFailureReply = "Sorry, I couldn't complete that just now. Please try again a little later, or ask for a person."

    public init(
        runner: ActionRunner, log: EventLog, keyring: SubjectKeyring, definitions: [AgentDefinition], metrics: GatewayMetrics,
        logger: Logger = Logger(label: "switchboard.gateway.actions")
    ) {
        self.runner = runner
        self.log = log
        self.keyring = keyring
        self.templates = Dictionary(definitions.map { ($0.id, $0.templates) }) { first, _ in first }
        self.metrics = metrics
        self.logger = logger
    }

    /// Handles one `agent.action_requested`; retries storage failures until it succeeds.
    public func handle(_ event: RecordedEvent) async {
        await EventHandling.untilDone(event, what: "action", logger: logger) { try await process(event) }
    }

    func process(_ event: RecordedEvent) async throws {
        let requested = try EventPayloadCoding.decode(AgentActionRequested.self, from: event.payload, schemaVersion: event.schemaVersion)
        guard !requested.isInline else { return }
        switch try await runner.run(event) {
        case .completed(let outputs, _):
            guard let template = templates[requested.agentID]?["\(requested.name)_completed"] else { return }
            var values = outputs
            values["action"] = requested.name
            try await queueReply(TemplateRenderer.renderPlain(template, values: values), part: "action_completed/reply", for: requested, request: event)
        case .failed:
            let text = templates[requested.agentID]?["action_failed"].map { TemplateRenderer.renderPlain($0, values: ["action": requested.name]) }
            try await queueReply(text ?? Self.defaultFailureReply, part: "action_failed/reply", for: requested, request: event)
        }
    }

    /// A reply after the action, to the person whose message led to it.
    func queueReply(_ text: String, part: String, for requested: AgentActionRequested, request: RecordedEvent) async throws {
        guard let receivedID = request.causationID,
            let received = try await log.events(withIDs: [receivedID]).first, received.type == MessageReceived.eventType
        else { return }
        let message = try EventPayloadCoding.decode(MessageReceived.self, from: received.payload, schemaVersion: received.schemaVersion).message
        let subject = message.sender.subjectID
        let outboundID = DerivedEventID.make(from: request.id, part: part)
        let queued = OutboundQueued(
            outboundID: outboundID, conversationID: message.conversationID, channel: message.channel, accountID: message.accountID,
            recipientSubjectID: subject, platformChatID: message.platformChatID, text: try await keyring.seal(text, subject: subject),
            causationEventID: request.id)
        let new = try NewEvent(
            id: outboundID, type: OutboundQueued.eventType, schemaVersion: OutboundQueued.schemaVersion, payload: EventPayloadCoding.encode(queued),
            subjectID: subject, metadata: ["channel": message.channel.rawValue, "account": message.accountID, "agent": requested.agentID],
            correlationID: request.correlationID ?? receivedID, causationID: request.id)
        let result = try await log.append([new], to: request.streamID)
        metrics.increment("switchboard_outbound_queued_total", ["channel": message.channel.rawValue], by: result.wasDuplicate ? 0 : 1, help: "Replies queued for delivery.")
    }
}
