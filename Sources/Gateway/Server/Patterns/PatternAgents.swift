import Agents
import EventLog
import Foundation
import Logging
import Messaging
import Postgres
import Privacy

/// The gateway's monitoring and integration agents, built from their definitions and their
/// ``PatternAgentSettings``, and run in the `agents` role.
final class PatternAgents: Sendable {
    let monitors: [MonitorWorker]
    /// Integration agents' forwarders by agent id, one per endpoint.
    let forwarders: [String: [IntegrationForwarder]]
    let consumers: [PartitionedConsumer]
    let consumerLeases: [PartitionLeases]

    init(
        definitions: [AgentDefinition], settings: PatternAgentSettings, configuration: GatewayConfiguration, database: PostgresConfiguration,
        log: EventLog, keyring: SubjectKeyring, masterKey: MasterKey, http: PlatformHTTPClient, metrics: GatewayMetrics, logger: Logger
    ) {
        var monitors: [MonitorWorker] = []
        var forwarders: [String: [IntegrationForwarder]] = [:]
        var consumers: [PartitionedConsumer] = []
        var consumerLeases: [PartitionLeases] = []
        for definition in definitions {
            if let monitor = definition.monitor {
                let alerts = MonitorAlertSender(
                    agentID: definition.id, log: log, keyring: keyring, pseudonym: SubjectPseudonym(masterKey: masterKey),
                    conversationKey: ConversationKey(masterKey: masterKey), http: http, chats: settings.chats[definition.id] ?? [],
                    hooks: settings.hooks[definition.id] ?? [], logger: logger)
                monitors.append(
                    MonitorWorker(
                        definition: definition, monitor: monitor, log: log, keyring: keyring, alerts: alerts,
                        leases: PartitionLeases(role: MonitorWorker.role(agent: definition.id), partitions: 1, configuration: database),
                        metrics: metrics, logger: logger))
            }
            if let integration = definition.integration {
                for resolved in settings.endpoints[definition.id] ?? [] {
                    let forwarder = IntegrationForwarder(
                        agentID: definition.id, integration: integration, endpoint: resolved.endpoint, url: resolved.url, secret: resolved.secret,
                        log: log, keyring: keyring, http: http, metrics: metrics, logger: logger)
                    forwarders[definition.id, default: []].append(forwarder)
                    let role = IntegrationForwarder.role(agent: definition.id, endpoint: resolved.endpoint.name)
                    let leases = PartitionLeases(role: role, partitions: configuration.dispatch.partitions, configuration: database)
                    consumerLeases.append(leases)
                    consumers.append(
                        PartitionedConsumer(
                            log: log, leases: leases, role: role, types: integration.events, concurrency: configuration.dispatch.concurrency
                        ) { event, _ in
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
