import Agents
import EventLog
import Foundation
import Logging
import Messaging
import Privacy

/// Forwards an integration agent's events to one endpoint as signed webhooks. It runs behind a
/// ``PartitionedConsumer`` of its own (leases and checkpoints per agent and endpoint), which hands it
/// one conversation's events strictly in log order and different conversations in parallel, and
/// records progress only once an event is handled: delivery is at least once. A failure (error,
/// timeout, non-2xx) is retried with exponential backoff; after the last attempt the event is
/// recorded as `integration.dead_lettered` in `integration-<agent>` and the conversation moves on.
struct IntegrationForwarder: Sendable {
    let agentID: String
    let integration: IntegrationDefinition
    let endpoint: IntegrationEndpoint
    let url: URL
    let secret: String
    let log: EventLog
    let keyring: SubjectKeyring
    let http: PlatformHTTPClient
    let metrics: GatewayMetrics
    let logger: Logger

    var backoff: WebhookBackoff {
        WebhookBackoff(base: .milliseconds(integration.baseDelayMilliseconds), maximum: .milliseconds(integration.maximumDelayMilliseconds))
    }

    static func streamID(agent: String) -> String { "integration-\(agent)" }

    /// The role (leases, checkpoints) of one agent's endpoint; the lock class is a stable hash, so
    /// every process agrees on it.
    static func role(agent: String, endpoint: String) -> WorkerRole {
        .named("integration/\(agent)/\(endpoint)", block: 0x4000_0000)
    }

    /// Forwards one event; returns once it was accepted or dead-lettered (or the task was cancelled).
    func handle(_ event: RecordedEvent) async {
        let body: Data
        do {
            body = try await WebhookEnvelope.body(
                for: event, agent: agentID, includePersonalData: integration.includePersonalData, keyring: keyring)
        } catch {
            logger.error("integration event could not be encoded; dead-lettered", metadata: ["agent": "\(agentID)", "position": "\(event.globalPosition)"])
            await deadLetter(event, attempts: 0, lastError: "unreadable event")
            return
        }
        var lastError = ""
        for attempt in 1...integration.maximumAttempts {
            if Task.isCancelled { return }
            let outcome = await send(body, event: event, attempt: attempt)
            guard let failure = outcome else {
                metrics.increment("switchboard_integration_deliveries_total", ["agent": agentID, "outcome": "delivered"], help: "Webhooks sent by integration agents.")
                return
            }
            lastError = failure
            metrics.increment("switchboard_integration_deliveries_total", ["agent": agentID, "outcome": "failed"], help: "Webhooks sent by integration agents.")
            logger.warning(
                "integration webhook failed",
                metadata: ["agent": "\(agentID)", "endpoint": "\(endpoint.name)", "attempt": "\(attempt)", "error": "\(failure)"])
            if attempt < integration.maximumAttempts {
                do { try await Task.sleep(for: backoff.delay(afterAttempt: attempt)) } catch { return }
            }
        }
        await deadLetter(event, attempts: integration.maximumAttempts, lastError: lastError)
    }

    /// One POST; nil when the endpoint accepted it, otherwise why not.
    func send(_ body: Data, event: RecordedEvent, attempt: Int) async -> String? {
        let headers = WebhookSignature.headers(body: body, secret: secret, eventID: event.id, eventType: event.type, attempt: attempt, sentAt: Date())
        do {
            let answer = try await http.post(url, body: body, headers: headers, timeout: .milliseconds(Int(endpoint.timeoutSeconds * 1000)))
            return (200..<300).contains(answer.status) ? nil : "http \(answer.status)"
        } catch {
            return WebhookFailure.describe(error)
        }
    }

    /// Records the dead letter, retrying storage failures until it is written (the event must not be
    /// passed over silently).
    private func deadLetter(_ event: RecordedEvent, attempts: Int, lastError: String) async {
        let letter = IntegrationDeadLettered(
            agentID: agentID, endpoint: endpoint.name, eventID: event.id, eventType: event.type, streamID: event.streamID,
            globalPosition: event.globalPosition, attempts: attempts, lastError: lastError)
        var delay = Duration.milliseconds(100)
        while !Task.isCancelled {
            do {
                _ = try await log.append(
                    [
                        try NewEvent(
                            id: DerivedEventID.make(from: event.id, part: "integration/\(agentID)/\(endpoint.name)/dead_lettered"),
                            type: IntegrationDeadLettered.eventType, payload: EventPayloadCoding.encode(letter),
                            metadata: ["agent": agentID, "endpoint": endpoint.name], correlationID: event.correlationID, causationID: event.id)
                    ], to: Self.streamID(agent: agentID))
                metrics.increment("switchboard_integration_dead_letters_total", ["agent": agentID], help: "Events integration agents gave up on.")
                return
            } catch {
                logger.warning("recording a dead letter failed; retrying", metadata: ["agent": "\(agentID)", "error": "\(error)"])
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }
}

extension IntegrationForwarder {
    /// Sends a dead-lettered event once more, for an operator; on success records
    /// `integration.redelivered` and returns nil, otherwise says why it failed.
    func redeliver(_ event: RecordedEvent, deadLetter: IntegrationDeadLetters.Letter, operatorName: String) async throws -> String? {
        let body = try await WebhookEnvelope.body(
            for: event, agent: agentID, includePersonalData: integration.includePersonalData, keyring: keyring)
        if let failure = await send(body, event: event, attempt: deadLetter.letter.attempts + 1) { return failure }
        let redelivered = IntegrationRedelivered(
            agentID: agentID, endpoint: endpoint.name, deadLetterID: deadLetter.id, eventID: event.id, operatorName: operatorName)
        _ = try await log.append(
            [
                try NewEvent(
                    id: DerivedEventID.make(from: deadLetter.id, part: "redelivered"), type: IntegrationRedelivered.eventType,
                    payload: EventPayloadCoding.encode(redelivered), metadata: ["agent": agentID, "endpoint": endpoint.name],
                    causationID: deadLetter.id)
            ], to: Self.streamID(agent: agentID))
        return nil
    }
}
