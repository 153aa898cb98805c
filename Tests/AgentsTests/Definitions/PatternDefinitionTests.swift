import Agents
import Foundation
import Testing

/// The `monitor:` and `integration:` sections: what they read, and that every mistake stops the
/// load with the file, the key path and the reason.
struct PatternDefinitionTests {
    let loader = AgentDefinitionLoader()

    static let monitoring = """
        id: ops-watch
        pattern: monitoring
        monitor:
          cooldown_seconds: 120
          conditions:
            - id: failures
              kind: count
              events: [outbound.failed, outbound.dead_lettered]
              group_by: [channel, account]
              more_than: 5
              window_seconds: 300
            - id: angry
              kind: keyword
              pattern: '\\b(refund|lawyer)\\b'
            - id: slow
              kind: response_time
              above_seconds: 30
              min_samples: 10
              reply_event: outbound.queued
          actions:
            - kind: message
              channel: telegram
              account: "123456789"
              chat_id_env: OPS_CHAT_ID
            - kind: http
              url: https://alerts.example.com/switchboard
              secret_env: ALERTS_SECRET
              timeout_seconds: 3
        """

    static let integration = """
        id: crm-feed
        pattern: integration
        integration:
          events: [message.received, outbound.delivered]
          endpoints:
            - name: crm
              url: https://crm.example.com/hooks
              secret_env: CRM_WEBHOOK_SECRET
          max_attempts: 4
          base_delay_ms: 100
          max_delay_ms: 1000
        """

    @Test func readsAMonitoringAgent() throws {
        let definition = try loader.parse(yaml: Self.monitoring, file: "ops.yaml")
        let monitor = try #require(definition.monitor)
        #expect(definition.pattern == .monitoring && definition.integration == nil)
        #expect(monitor.cooldownSeconds == 120)
        #expect(monitor.conditions.map(\.kind) == [.count, .keyword, .responseTime])
        #expect(monitor.conditions[0].groupBy == ["channel", "account"] && monitor.conditions[0].moreThan == 5)
        #expect(monitor.conditions[1].groupBy == ["conversation"] && monitor.conditions[1].events == ["message.received"])
        #expect(monitor.conditions[2].percentile == 95 && monitor.conditions[2].events == ["message.received", "outbound.queued"])
        #expect(monitor.longestWindowSeconds == 300)
        #expect(monitor.actions == [
            .message(OperatorMessageAction(channel: "telegram", account: "123456789", chatIDEnvironmentVariable: "OPS_CHAT_ID")),
            .http(HTTPAlertAction(url: "https://alerts.example.com/switchboard", secretEnvironmentVariable: "ALERTS_SECRET", timeoutSeconds: 3)),
        ])
    }

    @Test func readsAnIntegrationAgent() throws {
        let definition = try loader.parse(yaml: Self.integration, file: "crm.yaml")
        let integration = try #require(definition.integration)
        #expect(integration.events == ["message.received", "outbound.delivered"])
        #expect(integration.endpoints == [IntegrationEndpoint(name: "crm", url: "https://crm.example.com/hooks", secretEnvironmentVariable: "CRM_WEBHOOK_SECRET")])
        #expect(integration.maximumAttempts == 4 && integration.baseDelayMilliseconds == 100 && integration.maximumDelayMilliseconds == 1000)
        #expect(integration.includePersonalData == false)
    }

    /// A definition with one mistake, and where the load must say it is.
    struct Broken: Sendable, CustomTestStringConvertible {
        var yaml: String
        var keyPath: String
        var code: AgentDefinitionError.Code
        var testDescription: String { keyPath }

        init(_ yaml: String, _ keyPath: String, _ code: AgentDefinitionError.Code) {
            self.yaml = yaml
            self.keyPath = keyPath
            self.code = code
        }
    }

    static let broken: [Broken] = {
        var cases: [Broken] = []
        cases.append(Broken("id: w\npattern: monitoring\n", "monitor", .missingKey))
        cases.append(Broken("id: w\npattern: integration\n", "integration", .missingKey))
        cases.append(Broken(monitoring.replacingOccurrences(of: "'\\b(refund|lawyer)\\b'", with: "'(unclosed'"), "monitor.conditions[1].pattern", .invalidValue))
        cases.append(Broken(monitoring.replacingOccurrences(of: "kind: count", with: "kind: average"), "monitor.conditions[0].kind", .invalidValue))
        cases.append(Broken(monitoring.replacingOccurrences(of: "group_by: [channel, account]", with: "group_by: [phone]"), "monitor.conditions[0].group_by", .invalidValue))
        cases.append(Broken(monitoring.replacingOccurrences(of: "above_seconds: 30", with: "above_seconds: soon"), "monitor.conditions[2].above_seconds", .wrongType))
        cases.append(Broken(monitoring.replacingOccurrences(of: "channel: telegram", with: "channel: webchat"), "monitor.actions[0].channel", .invalidValue))
        cases.append(Broken(monitoring.replacingOccurrences(of: "chat_id_env: OPS_CHAT_ID", with: "text: hi"), "monitor.actions[0].chat_id", .missingKey))
        cases.append(Broken(monitoring.replacingOccurrences(of: "https://alerts", with: "ftp://alerts"), "monitor.actions[1].url", .invalidValue))
        cases.append(Broken(monitoring.replacingOccurrences(of: "window_seconds: 300", with: "window_seconds: 0"), "monitor.conditions[0].window_seconds", .invalidValue))
        cases.append(Broken(integration.replacingOccurrences(of: "secret_env: CRM_WEBHOOK_SECRET", with: "secret: hunter2"), "integration.endpoints[0].secret", .unknownKey))
        cases.append(Broken(integration.replacingOccurrences(of: "secret_env: CRM_WEBHOOK_SECRET", with: "secret_env: \"not a name\""), "integration.endpoints[0].secret_env", .invalidValue))
        cases.append(Broken(integration.replacingOccurrences(of: "max_attempts: 4", with: "max_attempts: 0"), "integration.max_attempts", .invalidValue))
        cases.append(Broken(integration.replacingOccurrences(of: "events: [message.received, outbound.delivered]", with: "events: []"), "integration.events", .invalidValue))
        cases.append(Broken(integration.replacingOccurrences(of: "pattern: integration", with: "pattern: task"), "integration", .invalidValue))
        return cases
    }()

    /// Each broken variant fails at load with its key path and code.
    @Test(arguments: broken)
    func brokenDefinitionsFailAtLoad(_ broken: Broken) throws {
        let error = try #require(throws: AgentDefinitionError.self) { try loader.parse(yaml: broken.yaml, file: "broken.yaml") }
        #expect(error.keyPath == broken.keyPath)
        #expect(error.code == broken.code)
        #expect(error.file == "broken.yaml")
        #expect(!error.description.contains("hunter2"))
    }
}
