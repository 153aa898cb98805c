import Agents
import EventLog
import Foundation
import Logging
import Messaging
import Privacy

/// The action worker (agents role): for each `agent.action_requested` not run inline, in
/// conversation order, has the ``ActionRunner`` perform it; when a flow's action fails for good it
/// queues a polite reply to the customer (the agent's `action_failed` template, else a default),
/// with an id derived from the request so a redo queues nothing twice.
public struct ActionWorker: Sendable {
    let runner: ActionRunner
    let log: EventLog
    let keyring: SubjectKeyring
    let templates: [String: String]
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
        self.templates = Dictionary(definitions.compactMap { definition in definition.templates["action_failed"].map { (definition.id, $0) } }) { first, _ in first }
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
        let outcome = try await runner.run(event)
        guard case .failed = outcome else { return }
        try await queueApology(for: requested, request: event)
    }

    /// The polite reply after a failed action, to the person whose message led to it.
    func queueApology(for requested: AgentActionRequested, request: RecordedEvent) async throws {
        guard let receivedID = request.causationID,
            let received = try await log.events(withIDs: [receivedID]).first, received.type == MessageReceived.eventType
        else { return }
        let message = try EventPayloadCoding.decode(MessageReceived.self, from: received.payload, schemaVersion: received.schemaVersion).message
        let subject = message.sender.subjectID
        let source = templates[requested.agentID]
        let text = source.map { TemplateRenderer.renderPlain($0, values: ["action": requested.name]) } ?? Self.defaultFailureReply
        let outboundID = DerivedEventID.make(from: request.id, part: "action_failed/reply")
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
