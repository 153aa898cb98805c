import Agents
import EventLog
import Foundation
import GatewayServer
import Messaging
import PlatformFakes
import Testing

/// Monitoring agents against a real PostgreSQL: alerts raised once per group and cooldown, carried
/// to an operator chat (through the Telegram fake) or a signed HTTP hook, and not raised again after
/// a restart.
@Suite(.serialized) struct MonitoringAgentTests {
    static let secret = "alerts-secret-42"

    static func countDefinition(url: URL) throws -> AgentDefinition {
        try AgentDefinitionLoader().parse(
            yaml: """
                id: delivery-watch
                pattern: monitoring
                monitor:
                  cooldown_seconds: 600
                  conditions:
                    - id: failures
                      kind: count
                      events: [outbound.failed, outbound.dead_lettered]
                      group_by: account
                      more_than: 2
                      window_seconds: 120
                  actions:
                    - kind: http
                      url: \(url.absoluteString)/hook
                      secret_env: ALERT_SECRET
                      timeout_seconds: 2
                """, file: "delivery-watch.yaml")
    }

    static func appendFailure(_ log: EventLog, account: String, conversation: Character) async throws {
        let failed = OutboundFailed(outboundID: UUID(), attempt: 1, reasonCode: .platformUnavailable, retryable: true)
        _ = try await log.append(
            [
                try NewEvent(
                    type: OutboundFailed.eventType, payload: EventPayloadCoding.encode(failed),
                    metadata: ["channel": "telegram", "account": account])
            ], to: IntegrationAgentTests.conversation(conversation).streamID)
    }

    static func triggers(_ harness: GatewayHarness) async throws -> [MonitorTriggered] {
        try await harness.allEvents().filter { $0.type == MonitorTriggered.eventType }.map {
            try EventPayloadCoding.decode(MonitorTriggered.self, from: $0.payload)
        }
    }

    @Test func aCountConditionFiresOnceWhenExceededAndNotAgainWithinTheCooldown() async throws {
        let receiver = WebhookReceiverFake(secret: Self.secret)
        let url = try await receiver.start()
        let harness = try await GatewayHarness.start(
            "moncount", agents: [try Self.countDefinition(url: url)], environment: ["ALERT_SECRET": Self.secret])
        for index in 0..<6 { try await Self.appendFailure(harness.log, account: "111", conversation: index % 2 == 0 ? "a" : "b") }
        // Another account's burst, afterwards: once it has fired, everything before it was seen.
        for _ in 0..<3 { try await Self.appendFailure(harness.log, account: "222", conversation: "c") }
        _ = try await harness.waitForEvents(count: 2) { $0.type == MonitorTriggered.eventType }
        try await Task.sleep(for: .milliseconds(300))

        let alerts = try await Self.triggers(harness)
        #expect(alerts.map(\.groupKey) == ["account=111", "account=222"])
        #expect(alerts[0].observedValue == 3 && alerts[0].threshold == 2 && alerts[0].windowSeconds == 120)
        #expect(alerts[0].conditionID == "failures" && alerts[0].agentID == "delivery-watch")
        #expect(alerts.allSatisfy { $0.actionOutcomes == ["http 200"] })
        let posts = try await receiver.wait { $0.count >= 2 }
        #expect(posts.count == 2)
        #expect(posts.allSatisfy { $0.signatureValid })
        #expect(posts.map { $0.json["group"] as? String } == ["account=111", "account=222"])
        await harness.stop()
        await receiver.stop()
    }

    @Test func aRestartRebuildsTheWindowAndDoesNotFireAgain() async throws {
        let receiver = WebhookReceiverFake(secret: Self.secret)
        let url = try await receiver.start()
        let harness = try await GatewayHarness.start(
            "monrestart", agents: [try Self.countDefinition(url: url)], environment: ["ALERT_SECRET": Self.secret])
        for _ in 0..<3 { try await Self.appendFailure(harness.log, account: "111", conversation: "a") }
        _ = try await harness.waitForEvent { $0.type == MonitorTriggered.eventType }
        await harness.stopGateway()

        let restarted = try await harness.restarted()
        // Still above the threshold and within the cooldown: a fourth failure raises nothing.
        try await Self.appendFailure(restarted.log, account: "111", conversation: "a")
        for _ in 0..<3 { try await Self.appendFailure(restarted.log, account: "222", conversation: "b") }
        _ = try await restarted.waitForEvents(count: 2) { $0.type == MonitorTriggered.eventType }
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await Self.triggers(restarted).map(\.groupKey) == ["account=111", "account=222"])
        // The window was rebuilt from the log: four failures still hold, so nothing cleared either.
        #expect(try await restarted.allEvents().filter { $0.type == MonitorCleared.eventType }.isEmpty)
        #expect(receiver.deliveries.count == 2)
        await restarted.stop()
        await receiver.stop()
    }

    @Test func aKeywordInAnInboundMessageAlertsTheOperatorChat() async throws {
        let definition = try AgentDefinitionLoader().parse(
            yaml: """
                id: escalations
                pattern: monitoring
                monitor:
                  conditions:
                    - id: refund-words
                      kind: keyword
                      pattern: '\\b(refund|lawyer)\\b'
                  actions:
                    - kind: message
                      channel: telegram
                      account: "\(GatewayHarness.telegramAccount)"
                      chat_id_env: OPS_CHAT
                      text: "{{condition}} in {{group}}"
                """, file: "escalations.yaml")
        let harness = try await GatewayHarness.start("monkeyword", agents: [definition], environment: ["OPS_CHAT": "990001"])
        try await harness.withClient { client in
            for (id, text) in [(1, "hello there"), (2, "I want a REFUND right now")] {
                let response = try await client.execute(
                    uri: "/webhooks/telegram/\(GatewayHarness.telegramAccount)", method: .post, headers: GatewayHarness.telegramHeaders,
                    body: GatewayHarness.telegramUpdate(
                        id: Int64(700 + id), TelegramUpdate.textMessage(text: text, messageID: Int64(id), chatID: 4242, userID: 4242)))
                #expect(response.status == .ok)
            }
        }
        // Two echo replies to the customer and one alert to the operator chat.
        let sent = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: 3, timeout: .seconds(30))
        let alerts = sent.filter { $0.parameters["chat_id"]?.int64Value == 990001 }
        #expect(alerts.count == 1)
        let alertText = alerts.first?.parameters["text"]?.stringValue ?? ""
        #expect(alertText.hasPrefix("refund-words in conversation=c_"))
        #expect(!alertText.lowercased().contains("refund right now"))

        // The trigger is committed before its alert is sent, but other sessions on the shared cluster
        // can hold reads below it back for a moment: wait until it is visible.
        _ = try await harness.waitForEvents(count: 1) { $0.type == MonitorTriggered.eventType }
        let triggered = try await Self.triggers(harness)
        #expect(triggered.count == 1)
        #expect(triggered.first?.conditionKind == "keyword" && triggered.first?.observedValue == 1)
        // Neither the alert nor any other event holds the customer's words or the operator's chat id in plaintext.
        for event in try await harness.allEvents() {
            let payload = String(decoding: event.payload, as: UTF8.self)
            #expect(!payload.contains("REFUND") && !payload.contains("990001"))
        }
        await harness.stop()
    }

    @Test func aResponseTimePercentileAboveItsBoundFires() async throws {
        let receiver = WebhookReceiverFake(secret: Self.secret)
        let url = try await receiver.start()
        let definition = try AgentDefinitionLoader().parse(
            yaml: """
                id: latency-watch
                pattern: monitoring
                monitor:
                  conditions:
                    - id: slow-replies
                      kind: response_time
                      percentile: 95
                      above_seconds: 0
                      min_samples: 2
                      group_by: channel
                      window_seconds: 300
                  actions:
                    - kind: http
                      url: \(url.absoluteString)/hook
                """, file: "latency.yaml")
        let harness = try await GatewayHarness.start("monlatency", agents: [definition])
        try await harness.withClient { client in
            let response = try await client.execute(
                uri: "/webhooks/telegram/\(GatewayHarness.telegramAccount)", method: .post, headers: GatewayHarness.telegramHeaders,
                body: GatewayHarness.telegramUpdate(id: 801, TelegramUpdate.textMessage(text: "first", messageID: 1, chatID: 5001, userID: 5001)))
            #expect(response.status == .ok)
        }
        _ = try await harness.waitForEvent { $0.type == OutboundDelivered.eventType }
        try await Task.sleep(for: .milliseconds(300))
        // One reply is fewer than min_samples: nothing yet.
        #expect(try await Self.triggers(harness).isEmpty)
        try await harness.withClient { client in
            let response = try await client.execute(
                uri: "/webhooks/telegram/\(GatewayHarness.telegramAccount)", method: .post, headers: GatewayHarness.telegramHeaders,
                body: GatewayHarness.telegramUpdate(id: 802, TelegramUpdate.textMessage(text: "second", messageID: 2, chatID: 5002, userID: 5002)))
            #expect(response.status == .ok)
        }
        let event = try await harness.waitForEvent { $0.type == MonitorTriggered.eventType }
        let alert = try EventPayloadCoding.decode(MonitorTriggered.self, from: event.payload)
        #expect(alert.conditionKind == "response_time" && alert.groupKey == "channel=telegram")
        #expect(alert.observedValue > 0 && alert.threshold == 0)
        let posts = try await receiver.wait { !$0.isEmpty }
        #expect(posts.first?.json["condition"] as? String == "slow-replies")
        #expect(posts.first?.headers["x-switchboard-signature"] == nil)
        await harness.stop()
        await receiver.stop()
    }
}
