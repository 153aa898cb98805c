import Agents
import EventLog
import Foundation
import Logging
import Messaging
import Postgres
import Privacy

/// The gateway's monitoring and integration agents, built from their definitions and run in the
/// `agents` role. Building checks what a definition cannot check alone: that the variables it names
/// are set and that operator chats use accounts this gateway has.
final class PatternAgents: Sendable {
    let monitors: [MonitorWorker]
    /// Integration agents' forwarders by agent id, one per endpoint.
    let forwarders: [String: [IntegrationForwarder]]
    let consumers: [PartitionedConsumer]
    let consumerLeases: [PartitionLeases]

    init(
        definitions: [AgentDefinition], configuration: GatewayConfiguration, environment: [String: String], database: PostgresConfiguration,
        log: EventLog, keyring: SubjectKeyring, masterKey: MasterKey, http: PlatformHTTPClient, metrics: GatewayMetrics, logger: Logger
    ) throws {
        var monitors: [MonitorWorker] = []
        var forwarders: [String: [IntegrationForwarder]] = [:]
        var consumers: [PartitionedConsumer] = []
        var consumerLeases: [PartitionLeases] = []
        for definition in definitions {
            let origin = "agents.\(definition.id)"
            func variable(_ name: String, _ key: String) throws -> String {
                guard let value = environment[name], !value.isEmpty else {
                    throw GatewayConfigurationError(
                        keyPath: "\(origin).\(key)", message: "the environment variable \(name) is not set (\(definition.source ?? definition.id))")
                }
                return value
            }
            if let monitor = definition.monitor {
                var chats: [MonitorAlertSender.Chat] = []
                var hooks: [MonitorAlertSender.Hook] = []
                for (index, action) in monitor.actions.enumerated() {
                    let key = "monitor.actions[\(index)]"
                    switch action {
                    case .message(let message):
                        guard let channel = ChannelKind(rawValue: message.channel) else {
                            throw GatewayConfigurationError(keyPath: "\(origin).\(key).channel", message: "unknown channel")
                        }
                        let accounts = channel == .telegram ? configuration.telegram.map(\.account) : configuration.whatsapp.map(\.account)
                        guard accounts.contains(message.account) else {
                            throw GatewayConfigurationError(
                                keyPath: "\(origin).\(key).account",
                                message: "no \(channel.rawValue) account '\(message.account)' is configured under channels.\(channel.rawValue)")
                        }
                        let chatID = try message.chatID ?? variable(message.chatIDEnvironmentVariable ?? "", "\(key).chat_id_env")
                        chats.append(.init(channel: channel, account: message.account, chatID: chatID, text: message.text))
                    case .http(let hook):
                        guard let url = URL(string: hook.url) else {
                            throw GatewayConfigurationError(keyPath: "\(origin).\(key).url", message: "not a URL")
                        }
                        let secret = try hook.secretEnvironmentVariable.map { try variable($0, "\(key).secret_env") }
                        hooks.append(.init(url: url, secret: secret, timeout: .milliseconds(Int(hook.timeoutSeconds * 1000))))
                    }
                }
                let role = MonitorWorker.role(agent: definition.id)
                let alerts = MonitorAlertSender(
                    agentID: definition.id, log: log, keyring: keyring, pseudonym: SubjectPseudonym(masterKey: masterKey),
                    conversationKey: ConversationKey(masterKey: masterKey), http: http, chats: chats, hooks: hooks, logger: logger)
                monitors.append(
                    MonitorWorker(
                        definition: definition, monitor: monitor, log: log, keyring: keyring, alerts: alerts,
                        leases: PartitionLeases(role: role, partitions: 1, configuration: database), metrics: metrics, logger: logger))
            }
            if let integration = definition.integration {
                for (index, endpoint) in integration.endpoints.enumerated() {
                    guard let url = URL(string: endpoint.url) else {
                        throw GatewayConfigurationError(keyPath: "\(origin).integration.endpoints[\(index)].url", message: "not a URL")
                    }
                    let forwarder = IntegrationForwarder(
                        agentID: definition.id, integration: integration, endpoint: endpoint, url: url,
                        secret: try variable(endpoint.secretEnvironmentVariable, "integration.endpoints[\(index)].secret_env"), log: log,
                        keyring: keyring, http: http, metrics: metrics, logger: logger)
                    forwarders[definition.id, default: []].append(forwarder)
                    let role = IntegrationForwarder.role(agent: definition.id, endpoint: endpoint.name)
                    let leases = PartitionLeases(role: role, partitions: configuration.dispatch.partitions, configuration: database)
                    consumerLeases.append(leases)
                    consumers.append(
                        PartitionedConsumer(
                            log: log, leases: leases, role: role, types: integration.events, concurrency: configuration.dispatch.concurrency
                        ) { event in
                            await forwarder.handle(event)
                        })
                }
            }
        }
        self.monitors = monitors
        self.forwarders = forwarders
        self.consumers = consumers
        self.consumerLeases = consumerLeases
    }

    /// Runs every monitor and forwarder until cancelled.
    func run() async {
        await withTaskGroup(of: Void.self) { group in
            for monitor in monitors { group.addTask { await monitor.run() } }
            for leases in consumerLeases { group.addTask { await leases.run() } }
            for consumer in consumers { group.addTask { await consumer.run() } }
            await group.waitForAll()
        }
    }
}
