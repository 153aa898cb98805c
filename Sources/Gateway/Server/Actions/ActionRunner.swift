import Agents
import AsyncHTTPClient
import EventLog
import Foundation
import Logging
import Messaging
import NIOSSL
import Privacy

/// Performs the actions agents request, at most once each: given an `agent.action_requested`, it
/// returns the recorded outcome if there is one; otherwise it appends `agent.action_started`,
/// performs the tool (bounded in time, transient failures retried with backoff) and appends
/// `agent.action_completed` (outputs sealed) or `agent.action_failed`. A started marker found without
/// an outcome means a crash mid-action: HTTP (sent with an Idempotency-Key) and CalDAV (PUT with
/// If-None-Match) are redone; email is not, and fails as `unknown_outcome_after_restart`.
/// The action worker calls it for flow actions; an agent may call it inline for its tool calls.
public struct ActionRunner: Sendable {
    let log: EventLog
    let keyring: SubjectKeyring
    /// Agent id → tool name → tool.
    let tools: [String: [String: ToolDeclaration]]
    let http: HTTPToolPerformer
    let email: EmailToolPerformer
    let calendar: CalendarToolPerformer
    let retry: ActionRetryPolicy
    let metrics: GatewayMetrics
    let logger: Logger

    /// - Throws: ``GatewayConfigurationError`` when a tool names an SMTP or CalDAV profile that
    ///   `tools:` does not configure.
    public init(
        log: EventLog, keyring: SubjectKeyring, definitions: [AgentDefinition], configuration: ToolsConfiguration, httpClient: HTTPClient,
        smtpTLS: TLSConfiguration = .makeClientConfiguration(), metrics: GatewayMetrics = GatewayMetrics(),
        logger: Logger = Logger(label: "switchboard.gateway.actions")
    ) throws(GatewayConfigurationError) {
        try Self.checkProfiles(definitions, configuration)
        self.log = log
        self.keyring = keyring
        var tools: [String: [String: ToolDeclaration]] = [:]
        for definition in definitions {
            var named = [ToolDeclaration.builtInHandoff.name: ToolDeclaration.builtInHandoff]
            for tool in definition.tools { named[tool.name] = tool }
            tools[definition.id] = named
        }
        self.tools = tools
        let transport = ActionHTTPTransport(client: httpClient)
        http = HTTPToolPerformer(transport: transport)
        email = EmailToolPerformer(profiles: configuration.smtp, tls: smtpTLS)
        calendar = CalendarToolPerformer(profiles: configuration.caldav, transport: transport, email: email)
        retry = ActionRetryPolicy(maximumAttempts: configuration.maximumAttempts, baseDelay: configuration.baseDelay)
        self.metrics = metrics
        self.logger = logger
    }

    /// Every SMTP/CalDAV profile a tool names must be configured: a start-up error otherwise, naming both ends.
    static func checkProfiles(_ definitions: [AgentDefinition], _ configuration: ToolsConfiguration) throws(GatewayConfigurationError) {
        for definition in definitions {
            for tool in definition.tools {
                var needed: (kind: String, name: String)?
                switch tool.settings {
                case .email(let settings): needed = ("smtp", settings.smtpProfile)
                case .calendar(let settings):
                    switch settings.target {
                    case .caldav(let profile): needed = ("caldav", profile)
                    case .email(let profile, _, _, _): needed = ("smtp", profile)
                    }
                case .http, .handoff: needed = nil
                }
                guard let needed else { continue }
                let configured = needed.kind == "smtp" ? configuration.smtp[needed.name] != nil : configuration.caldav[needed.name] != nil
                guard configured else {
                    throw GatewayConfigurationError(
                        keyPath: "tools.\(needed.kind).\(needed.name)",
                        message: "is not configured, but tool '\(tool.name)' of agent '\(definition.id)' (\(definition.source ?? "agent definition")) uses it")
                }
            }
        }
    }

    /// Runs the action `event` (an `agent.action_requested`) requests, or returns its recorded outcome.
    public func run(_ event: RecordedEvent) async throws -> ActionOutcome {
        let requested = try EventPayloadCoding.decode(AgentActionRequested.self, from: event.payload, schemaVersion: event.schemaVersion)
        return try await run(requested, requestEventID: event.id, streamID: event.streamID, requestedAt: event.occurredAt,
            correlationID: event.correlationID, causationID: event.causationID)
    }

    /// Records an inline request (`inline: true`, so the worker leaves it alone) and runs it: for an
    /// agent that needs the outcome during its run. `causationID` is the message being answered.
    public func runInline(
        _ requested: AgentActionRequested, streamID: String, correlationID: UUID?, causationID: UUID
    ) async throws -> ActionOutcome {
        var requested = requested
        requested.inline = true
        let requestID = DerivedEventID.make(from: causationID, part: "action/\(requested.actionID)")
        let new = try NewEvent(
            id: requestID, type: AgentActionRequested.eventType, schemaVersion: AgentActionRequested.schemaVersion,
            payload: EventPayloadCoding.encode(requested), subjectID: requested.subjectID, metadata: ["agent": requested.agentID],
            correlationID: correlationID, causationID: causationID)
        try await log.append([new], to: streamID)
        return try await run(requested, requestEventID: requestID, streamID: streamID, requestedAt: new.occurredAt,
            correlationID: correlationID, causationID: causationID)
    }

    func run(
        _ requested: AgentActionRequested, requestEventID: UUID, streamID: String, requestedAt: Date, correlationID: UUID?, causationID: UUID?
    ) async throws -> ActionOutcome {
        let ids = ActionEventIDs(actionID: requested.actionID)
        if let recorded = try await recordedOutcome(ids) { return recorded }
        let metadata = ["agent": requested.agentID, "action": requested.name]
        func append(_ payload: some EventPayload, id: UUID) async throws -> AppendResult {
            let new = try NewEvent(
                id: id, type: type(of: payload).eventType, schemaVersion: type(of: payload).schemaVersion,
                payload: EventPayloadCoding.encode(payload), subjectID: payload.subjectID, metadata: metadata,
                correlationID: correlationID ?? requestEventID, causationID: requestEventID)
            return try await log.append([new], to: streamID)
        }
        func fail(_ failure: ActionFailure, attempts: Int) async throws -> ActionOutcome {
            let failed = AgentActionFailed(
                conversationID: requested.conversationID, agentID: requested.agentID, actionID: requested.actionID, name: requested.name,
                reason: failure.reason, retryable: failure.retryable, attempts: attempts, statusCode: failure.statusCode)
            _ = try await append(failed, id: ids.failed)
            metrics.increment("switchboard_actions_total", ["outcome": "failed", "reason": failure.reason], help: "Actions performed, by outcome.")
            logger.notice(
                "action failed",
                metadata: ["action_id": "\(requested.actionID)", "action": "\(requested.name)", "agent": "\(requested.agentID)", "failure": "\(failure)"])
            return .failed(failure, attempts: attempts)
        }
        func complete(_ outputs: [String: String], attempts: Int) async throws -> ActionOutcome {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let json = String(decoding: try encoder.encode(outputs), as: UTF8.self)
            // Outputs may hold personal data (a booking for a person): sealed, or not stored without a subject.
            var sealed: SealedField?
            if let subject = requested.subjectID { sealed = try await keyring.seal(json, subject: subject) }
            let completed = AgentActionCompleted(
                conversationID: requested.conversationID, agentID: requested.agentID, actionID: requested.actionID, name: requested.name,
                outputs: sealed, attempts: attempts, subjectID: requested.subjectID)
            _ = try await append(completed, id: ids.completed)
            metrics.increment("switchboard_actions_total", ["outcome": "completed", "reason": ""], help: "Actions performed, by outcome.")
            return .completed(outputs: outputs, attempts: attempts)
        }

        guard let tool = tools[requested.agentID]?[requested.name] else {
            return try await fail(ActionFailure("unknown_tool", retryable: false, detail: "agent has no tool named \(requested.name)"), attempts: 0)
        }
        if case .handoff(let settings) = tool.settings {
            // The same id the rules agent gives a handoff it decides itself: a conversation is queued once.
            let handoff = try NewEvent(
                id: DerivedEventID.make(from: causationID ?? requestEventID, part: HandoffRequested.eventType), type: HandoffRequested.eventType,
                payload: EventPayloadCoding.encode(
                    HandoffRequested(conversationID: requested.conversationID, agentID: requested.agentID, reason: settings.reason)),
                metadata: metadata, correlationID: correlationID ?? requestEventID, causationID: causationID ?? requestEventID)
            // Its own append: an append whose events already exist is skipped whole, and the agent may have recorded this one.
            try await log.append([handoff], to: streamID)
            return try await complete([:], attempts: 1)
        }
        guard case .plaintext(let inputs) = try await keyring.unseal(requested.inputs) else {
            return try await fail(ActionFailure("subject_erased", retryable: false), attempts: 0)
        }
        let slots = (try? JSONDecoder().decode([String: EntityValue].self, from: Data(inputs.utf8))) ?? [:]
        let action = PreparedAction(
            actionID: requested.actionID, name: requested.name, agentID: requested.agentID, conversationID: requested.conversationID,
            slots: slots, tool: tool, requestedAt: requestedAt)

        let started = AgentActionStarted(
            conversationID: requested.conversationID, agentID: requested.agentID, actionID: requested.actionID, name: requested.name,
            kind: tool.kind.rawValue)
        let marker = try await append(started, id: ids.started)
        if marker.wasDuplicate {
            // Started before, no outcome: the process stopped mid-action, or another runner is at it.
            if let recorded = try await recordedOutcome(ids) { return recorded }
            if !Self.isSafeToRedo(tool) { return try await fail(.unknownOutcomeAfterRestart, attempts: 1) }
            logger.info("redoing an action whose outcome is unknown (safe to redo)", metadata: ["action_id": "\(requested.actionID)"])
        }
        var attempt = 1
        while true {
            let result: Result<[String: String], ActionFailure>
            do throws(ActionFailure) {
                result = .success(
                    try await ActionDeadline.run(seconds: deadline(tool)) { () async throws(ActionFailure) in try await perform(action) })
            } catch {
                result = .failure(error)
            }
            switch result {
            case .success(let outputs):
                return try await complete(outputs, attempts: attempt)
            case .failure(let error):
                guard let delay = retry.delay(before: attempt + 1, after: error), !Task.isCancelled else {
                    return try await fail(error, attempts: attempt)
                }
                logger.info(
                    "action attempt failed; retrying",
                    metadata: ["action_id": "\(requested.actionID)", "attempt": "\(attempt)", "reason": "\(error.reason)"])
                try await Task.sleep(for: delay)
                attempt += 1
            }
        }
    }

    private func perform(_ action: PreparedAction) async throws(ActionFailure) -> [String: String] {
        switch action.tool.settings {
        case .http(let settings): return try await http.perform(action, settings)
        case .email(let settings): return try await email.perform(action, settings)
        case .calendar(let settings): return try await calendar.perform(action, settings)
        case .handoff: return [:]
        }
    }

    /// HTTP carries an Idempotency-Key and CalDAV PUTs with If-None-Match; mail cannot be taken back.
    static func isSafeToRedo(_ tool: ToolDeclaration) -> Bool {
        switch tool.settings {
        case .http, .handoff: return true
        case .email: return false
        case .calendar(let settings):
            if case .caldav = settings.target { return true }
            return false
        }
    }

    /// The longest one attempt may take: the tool's or its profile's timeout.
    func deadline(_ tool: ToolDeclaration) -> Double {
        switch tool.settings {
        case .http(let settings): return settings.timeoutSeconds + 1
        case .email(let settings): return email.profiles[settings.smtpProfile]?.timeoutSeconds ?? 20
        case .calendar(let settings):
            switch settings.target {
            case .caldav(let profile): return (calendar.profiles[profile]?.timeoutSeconds ?? 10) + 1
            case .email(let profile, _, _, _): return email.profiles[profile]?.timeoutSeconds ?? 20
            }
        case .handoff: return 10
        }
    }

    /// The outcome already recorded for the action, if any.
    func recordedOutcome(_ ids: ActionEventIDs) async throws -> ActionOutcome? {
        for event in try await log.events(withIDs: [ids.completed, ids.failed]) {
            switch event.id {
            case ids.completed:
                let completed = try EventPayloadCoding.decode(AgentActionCompleted.self, from: event.payload, schemaVersion: event.schemaVersion)
                var outputs: [String: String] = [:]
                if let sealed = completed.outputs, case .plaintext(let json) = try await keyring.unseal(sealed) {
                    outputs = (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
                }
                return .completed(outputs: outputs, attempts: completed.attempts)
            default:
                let failed = try EventPayloadCoding.decode(AgentActionFailed.self, from: event.payload, schemaVersion: event.schemaVersion)
                return .failed(ActionFailure(failed.reason, retryable: failed.retryable, statusCode: failed.statusCode), attempts: failed.attempts)
            }
        }
        return nil
    }
}
