import Agents
import EventLog
import Foundation
import Logging
import Messaging
import Privacy

/// Carries out a monitoring agent's actions for one alert: an `outbound.queued` to each operator
/// chat (in that chat's conversation stream, so the delivery worker sends it like any reply; the
/// operator's chat id sealed under their own subject key), and a signed JSON POST to each URL.
/// Ids derive from the alert's id, so an alert redone after a crash queues nothing twice.
struct MonitorAlertSender: Sendable {
    /// An operator chat, its id resolved from the definition or the environment.
    struct Chat: Sendable {
        var channel: ChannelKind
        var account: String
        var chatID: String
        var text: String?
    }

    /// A URL to POST alerts to, with its secret resolved from the environment.
    struct Hook: Sendable {
        var url: URL
        var secret: String?
        var timeout: Duration
    }

    let agentID: String
    let log: EventLog
    let keyring: SubjectKeyring
    let pseudonym: SubjectPseudonym
    let conversationKey: ConversationKey
    let http: PlatformHTTPClient
    let chats: [Chat]
    let hooks: [Hook]
    let logger: Logger

    /// Runs every action for `alert` (whose event id is `alertID`) and says what each did.
    func send(_ alert: MonitorTriggered, alertID: UUID, at time: Date) async throws -> [String] {
        var outcomes: [String] = []
        for (index, chat) in chats.enumerated() {
            try await queueMessage(alert, alertID: alertID, index: index, chat: chat)
            outcomes.append("message queued (\(chat.channel.rawValue))")
        }
        for hook in hooks {
            outcomes.append(await post(alert, alertID: alertID, time: time, hook: hook))
        }
        return outcomes
    }

    private func queueMessage(_ alert: MonitorTriggered, alertID: UUID, index: Int, chat: Chat) async throws {
        let conversation = conversationKey.conversation(chat.channel, account: chat.account, chat: chat.chatID)
        let subject = pseudonym.subjectID(channel: chat.channel.rawValue, platformUserID: chat.chatID)
        let outboundID = DerivedEventID.make(from: alertID, part: "alert-message/\(index)")
        let text = Self.render(chat.text, alert)
        let queued = OutboundQueued(
            outboundID: outboundID, conversationID: conversation, channel: chat.channel, accountID: chat.account,
            recipientSubjectID: subject, platformChatID: try await keyring.seal(chat.chatID, subject: subject),
            text: try await keyring.seal(text, subject: subject), causationEventID: alertID)
        _ = try await log.append(
            [
                try NewEvent(
                    id: outboundID, type: OutboundQueued.eventType, schemaVersion: OutboundQueued.schemaVersion,
                    payload: EventPayloadCoding.encode(queued), subjectID: subject,
                    metadata: ["channel": chat.channel.rawValue, "account": chat.account, "agent": agentID], correlationID: alertID,
                    causationID: alert.triggeringEventID)
            ], to: conversation.streamID)
    }

    private func post(_ alert: MonitorTriggered, alertID: UUID, time: Date, hook: Hook) async -> String {
        let body: Data
        do {
            body = try JSONSerialization.data(withJSONObject: Self.json(alert, alertID: alertID, time: time), options: [.sortedKeys])
        } catch {
            return "http failed: encoding"
        }
        var outcome = "http failed"
        for attempt in 1...3 {
            let headers = WebhookSignature.headers(
                body: body, secret: hook.secret, eventID: alertID, eventType: MonitorTriggered.eventType, attempt: attempt, sentAt: Date())
            do {
                let answer = try await http.post(hook.url, body: body, headers: headers, timeout: hook.timeout)
                outcome = "http \(answer.status)"
                if (200..<300).contains(answer.status) { return outcome }
            } catch {
                outcome = "http failed: \(WebhookFailure.describe(error))"
            }
            logger.warning("monitor alert POST failed", metadata: ["agent": "\(agentID)", "attempt": "\(attempt)", "outcome": "\(outcome)"])
            try? await Task.sleep(for: .milliseconds(200 * attempt))
        }
        return outcome
    }

    /// The alert as the JSON body of the HTTP action.
    static func json(_ alert: MonitorTriggered, alertID: UUID, time: Date) -> [String: Any] {
        [
            "id": alertID.uuidString.lowercased(), "type": MonitorTriggered.eventType, "agent": alert.agentID, "condition": alert.conditionID,
            "kind": alert.conditionKind, "group": alert.groupKey, "observed_value": alert.observedValue, "threshold": alert.threshold,
            "window_seconds": alert.windowSeconds, "triggered_at": ISO8601DateFormatter().string(from: time),
            "triggering_event_id": alert.triggeringEventID.uuidString.lowercased(),
        ]
    }

    /// The operator message: `template` with its placeholders filled, or the standard text.
    static func render(_ template: String?, _ alert: MonitorTriggered) -> String {
        let value = alert.conditionKind == MonitorConditionKind.responseTime.rawValue ? String(format: "%.1fs", alert.observedValue) : "\(Int(alert.observedValue))"
        let threshold = alert.conditionKind == MonitorConditionKind.responseTime.rawValue ? String(format: "%.1fs", alert.threshold) : "\(Int(alert.threshold))"
        let window = "\(Int(alert.windowSeconds))s"
        guard let template else {
            return "Switchboard alert (\(alert.agentID)): \(alert.conditionID) for \(alert.groupKey): \(value), above \(threshold) in the last \(window)."
        }
        return template.replacingOccurrences(of: "{{agent}}", with: alert.agentID)
            .replacingOccurrences(of: "{{condition}}", with: alert.conditionID)
            .replacingOccurrences(of: "{{group}}", with: alert.groupKey)
            .replacingOccurrences(of: "{{value}}", with: value)
            .replacingOccurrences(of: "{{threshold}}", with: threshold)
            .replacingOccurrences(of: "{{window}}", with: window)
    }
}

