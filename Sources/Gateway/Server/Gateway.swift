import Agents
import EventLog
import Foundation
import GatewayRouting
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import Messaging
import Postgres
import Privacy
import ProjectorEngine
import ReadModelCatalog
import TelegramChannel
import WhatsAppChannel

/// The gateway assembled from its configuration: the HTTP routes (webhooks, health, metrics) and
/// the workers (agent dispatch, delivery) that `switchboard serve` runs. Tests build it the same way.
public final class Gateway: Sendable {
    /// Which parts run in this process.
    public struct Roles: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let http = Roles(rawValue: 1)
        public static let agents = Roles(rawValue: 2)
        public static let delivery = Roles(rawValue: 4)
        public static let projectors = Roles(rawValue: 8)
        public static let all: Roles = [.http, .agents, .delivery, .projectors]
    }

    public let configuration: GatewayConfiguration
    public let log: EventLog
    public let keyring: SubjectKeyring
    public let metrics = GatewayMetrics()
    public let recorder: InboundRecorder
    public let roles: Roles
    let http: PlatformHTTPClient
    let agentLeases: PartitionLeases
    let deliveryLeases: PartitionLeases
    let agentConsumer: PartitionedConsumer
    let deliveryConsumer: PartitionedConsumer
    /// Performs agents' actions (`agent.action_requested`); also callable inline by agents.
    public let actions: ActionRunner
    let actionLeases: PartitionLeases
    let actionConsumer: PartitionedConsumer
    let telegram: TelegramWebhookController
    let pollers: [TelegramPoller]
    let pollingLeases: PartitionLeases
    let whatsapp: WhatsAppWebhookController
    let webChat: WebChatController
    public let tokens: APITokens
    let authorizer: APIAuthorizer
    let perIP: KeyedRateLimiter
    /// Monitoring and integration agents (run when this process has the `agents` role).
    let patterns: PatternAgents
    /// The read models' projectors (run when this process has the `projectors` role).
    public let projections: ProjectionService
    let readiness: @Sendable () async -> (ready: Bool, checks: [String: String])
    let logger: Logger

    /// - Parameters:
    ///   - database: how the lease sessions connect (as the application role).
    ///   - readModelOwner: how projectors connect: as the database owner, which creates and swaps the
    ///     read models' schemas (the application role may only read them). Defaults to `database`.
    ///   - readiness: the database and migration checks of `/readyz`; lease checks are added here.
    ///   - patternAgents: monitoring and integration agent definitions (other patterns are ignored).
    ///   - environment: where the secrets and chat ids those definitions name are read from.
    public init(
        configuration: GatewayConfiguration, log: EventLog, agents: [any ConversationAgent] = [], patternAgents: [AgentDefinition] = [],
        environment: [String: String] = ProcessInfo.processInfo.environment, database: PostgresConfiguration,
        readModelOwner: PostgresConfiguration? = nil, masterKey: MasterKey,
        keyring: SubjectKeyring, roles: Roles = .all,
        readiness: @escaping @Sendable () async -> (ready: Bool, checks: [String: String]) = { (true, [:]) },
        logger: Logger = Logger(label: "switchboard.gateway")
    ) throws {
        self.configuration = configuration
        self.log = log
        self.keyring = keyring
        self.roles = roles
        self.readiness = readiness
        self.logger = logger
        // Checked before anything that must be shut down is built.
        let watchers = patternAgents.filter(\.pattern.watchesEvents)
        let patternSettings = try PatternAgentSettings.resolve(watchers, configuration: configuration, environment: environment)
        let http = PlatformHTTPClient()
        self.http = http
        let pseudonym = SubjectPseudonym(masterKey: masterKey)
        let conversationKey = ConversationKey(masterKey: masterKey)
        let router = GatewayRouting.Router(configuration: configuration.routing, pairingKey: masterKey.derivedKey(purpose: "pairing-code"))
        let metrics = self.metrics
        recorder = InboundRecorder(
            log: log, keyring: keyring, pseudonym: pseudonym, router: router, assignments: ConversationAssignments(log: log),
            metrics: metrics, messagesPerMinutePerSender: configuration.security.messagesPerMinutePerSender)
        perIP = KeyedRateLimiter(perSecond: configuration.security.requestsPerSecondPerIP)
        let responder = WebhookResponder(
            recorder: recorder, metrics: metrics, maximumBodyBytes: configuration.server.maximumBodyBytes, logger: logger)

        var senders: [String: any ChannelSender] = [:]
        var telegramAccounts: [String: TelegramWebhookController.Account] = [:]
        for (index, account) in configuration.telegram.enumerated() {
            let sender = TelegramSender(account: account, http: http)
            senders[DeliveryWorker.senderKey(channel: .telegram, account: account.account)] = sender
            let verifier: TelegramWebhookVerifier
            do {
                verifier = try TelegramWebhookVerifier(secretToken: account.webhookSecret ?? "polling-mode")
            } catch {
                throw GatewayConfigurationError(keyPath: "channels.telegram[\(index)].webhook_secret", message: error.message)
            }
            telegramAccounts[account.account] = .init(configuration: account, verifier: verifier, sender: sender)
        }
        var whatsappAccounts: [String: WhatsAppWebhookController.Account] = [:]
        for account in configuration.whatsapp {
            senders[DeliveryWorker.senderKey(channel: .whatsapp, account: account.account)] = try WhatsAppSender(account: account, http: http)
            whatsappAccounts[account.account] = .init(configuration: account, verifier: WhatsAppSignatureVerifier(appSecret: account.appSecret))
        }
        tokens = APITokens(pool: log.pool)
        authorizer = APIAuthorizer(tokens: tokens, log: log, metrics: metrics, logger: logger)
        let sessions = WebChatSessions()
        senders[DeliveryWorker.senderKey(channel: .webchat, account: WebChatController.account)] = WebChatSender(sessions: sessions)
        webChat = WebChatController(
            sessions: sessions, recorder: recorder, conversationKey: conversationKey, log: log, keyring: keyring, logger: logger)
        telegram = TelegramWebhookController(accounts: telegramAccounts, responder: responder, conversationKey: conversationKey)
        let recorder = self.recorder
        pollers = configuration.telegram.filter { $0.mode == .polling }.compactMap { account in
            telegramAccounts[account.account].map {
                TelegramPoller(
                    account: account, sender: $0.sender, recorder: recorder, conversationKey: conversationKey, pool: log.pool,
                    metrics: metrics, logger: logger)
            }
        }
        pollingLeases = PartitionLeases(role: .telegramPolling, partitions: max(1, pollers.count), configuration: database)
        whatsapp = WhatsAppWebhookController(accounts: whatsappAccounts, responder: responder, conversationKey: conversationKey)

        do {
            projections = try ProjectionService(projectors: try ReadModelCatalog.projectors(), log: log, database: readModelOwner ?? database)
        } catch {
            throw GatewayConfigurationError(keyPath: "", message: "the read models cannot start: \(error)")
        }
        patterns = PatternAgents(
            definitions: watchers, settings: patternSettings, configuration: configuration, database: database, log: log, keyring: keyring,
            masterKey: masterKey, http: http, metrics: metrics, logger: logger)
        let partitions = configuration.dispatch.partitions
        agentLeases = PartitionLeases(role: .agents, partitions: partitions, configuration: database)
        deliveryLeases = PartitionLeases(role: .delivery, partitions: partitions, configuration: database)
        let dispatcher = AgentDispatcher(log: log, keyring: keyring, agents: agents + [EchoAgent()], metrics: metrics)
        agentConsumer = PartitionedConsumer(
            log: log, leases: agentLeases, role: .agents, types: AgentDispatcher.eventTypes, concurrency: configuration.dispatch.concurrency
        ) { event, handling in
            await dispatcher.handle(event, handling)
        }
        let definitions = agents.compactMap(\.definition)
        actions = try ActionRunner(
            log: log, keyring: keyring, definitions: definitions, configuration: configuration.tools, httpClient: http.client, metrics: metrics)
        for case let agent as LLMConversationAgent in agents { agent.bindTools(to: actions) }
        let actionWorker = ActionWorker(runner: actions, log: log, keyring: keyring, definitions: definitions, metrics: metrics)
        actionLeases = PartitionLeases(role: .actions, partitions: partitions, configuration: database)
        actionConsumer = PartitionedConsumer(
            log: log, leases: actionLeases, role: .actions, types: [AgentActionRequested.eventType],
            concurrency: configuration.dispatch.concurrency
        ) { event, _ in
            await actionWorker.handle(event)
        }
        let delivery = try DeliveryWorker(log: log, keyring: keyring, senders: senders, configuration: configuration.delivery, metrics: metrics)
        deliveryConsumer = PartitionedConsumer(
            log: log, leases: deliveryLeases, role: .delivery, types: [OutboundQueued.eventType],
            concurrency: configuration.delivery.concurrency
        ) { event, handling in
            await delivery.handle(event, history: handling.history)
        }
        let agentConsumer = agentConsumer
        let deliveryConsumer = deliveryConsumer
        let agentLeases = agentLeases
        let deliveryLeases = deliveryLeases
        let actionConsumer = actionConsumer
        metrics.addCollector {
            [
                (name: "switchboard_queue_depth", labels: ["queue": "actions"], value: Double(actionConsumer.backlog)),
                (name: "switchboard_queue_depth", labels: ["queue": "agents"], value: Double(agentConsumer.backlog)),
                (name: "switchboard_queue_depth", labels: ["queue": "delivery"], value: Double(deliveryConsumer.backlog)),
                (name: "switchboard_partitions_held", labels: ["role": "agents"], value: Double(agentLeases.owned.count)),
                (name: "switchboard_partitions_held", labels: ["role": "delivery"], value: Double(deliveryLeases.owned.count)),
                (name: "switchboard_append_fallback_batches", labels: [:], value: Double(log.appendFallbacks)),
            ]
        }
    }

    /// The gateway's routes: webhooks, `/healthz`, `/readyz`, `/metrics`.
    public func buildRouter() -> Hummingbird.Router<GatewayRequestContext> {
        let router = Hummingbird.Router(context: GatewayRequestContext.self)
        router.add(middleware: RequestLimitsMiddleware(metrics: metrics, perIP: perIP))
        router.get("healthz") { _, _ in GatewayResponse.text(.ok, "ok\n") }
        router.get("readyz") { _, _ in await self.readinessResponse() }
        router.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(data: OpenAPIDocument.json())))
        }
        router.get("metrics") { _, _ in
            let projectors = self.roles.contains(.projectors) ? ProjectorMetricsExposition.text(self.projections.metrics) : ""
            return GatewayResponse.text(.ok, await self.metrics.render() + projectors, contentType: "text/plain; version=0.0.4")
        }
        telegram.add(to: router)
        whatsapp.add(to: router)
        webChat.add(to: router)
        AdminController(authorizer: authorizer, log: log).add(to: router)
        OperatorMessagesController(authorizer: authorizer, log: log, keyring: keyring).add(to: router)
        HandoffsController(authorizer: authorizer, log: log).add(to: router)
        SubjectsController(authorizer: authorizer, log: log, keyring: keyring).add(to: router)
        ReadAPIController(authorizer: authorizer, log: log, keyring: keyring).add(to: router)
        IntegrationsController(authorizer: authorizer, log: log, patterns: patterns).add(to: router)
        return router
    }

    /// HTTP/1 with the upgrade to the web chat's WebSocket at `/chat/ws`.
    public func httpServer() -> HTTPServerBuilder {
        let webChat = self.webChat
        return HTTPServerBuilder { responder in
            QuiescingChildChannel(
                inner: HTTP1WebSocketUpgradeChannel(responder: responder, configuration: WebSocketServerConfiguration()) { request, _, _ in
                    webChat.shouldUpgrade(request)
                })
        }
    }

    func readinessResponse() async -> Response {
        var (ready, checks) = await readiness()
        for (role, leases) in [(Roles.agents, agentLeases), (Roles.agents, actionLeases), (Roles.delivery, deliveryLeases)] where roles.contains(role) {
            let held = leases.owned.count
            checks["leases_\(leases.role.name)"] = "\(held)/\(leases.partitions) partitions"
        }
        if roles.contains(.projectors) {
            for projector in projections.metrics {
                checks["projector_\(projector.projector)"] = "\(projector.state.rawValue), lag \(projector.lagEvents) events"
                if projector.state == .stopped { ready = false }
            }
        }
        return GatewayResponse.json(ready ? .ok : .serviceUnavailable, ["ready": ready, "checks": checks])
    }

    /// Runs this process's workers (leases, agent dispatch, delivery) until cancelled.
    public func runWorkers() async {
        await withTaskGroup(of: Void.self) { group in
            if roles.contains(.agents) {
                group.addTask { await self.agentLeases.run() }
                group.addTask { await self.agentConsumer.run() }
                group.addTask { await self.patterns.run() }
                group.addTask { await self.actionLeases.run() }
                group.addTask { await self.actionConsumer.run() }
            }
            if roles.contains(.delivery) {
                group.addTask { await self.deliveryLeases.run() }
                group.addTask { await self.deliveryConsumer.run() }
            }
            group.addTask { await self.forgetErasedSubjects() }
            if roles.contains(.projectors) {
                group.addTask { await self.projections.run() }
            }
            if roles.contains(.http), !pollers.isEmpty {
                group.addTask { await self.pollingLeases.run() }
                for (index, poller) in pollers.enumerated() {
                    let leases = pollingLeases
                    group.addTask { await poller.run { leases.owns(index) } }
                }
            }
            await group.waitForAll()
        }
    }

    /// Drops cached data keys of subjects erased by another process (the CLI, another gateway), so
    /// this process stops sealing and opening their data at once rather than when its cache expires.
    func forgetErasedSubjects() async {
        while !Task.isCancelled {
            do {
                let head = try await log.pool.query(
                    "SELECT tx::text::bigint, global_position FROM events ORDER BY global_position DESC LIMIT 1")
                let start =
                    head.rowCount == 0
                    ? LogPosition.start
                    : LogPosition(transaction: UInt64(try head[0].decode(Int64.self, at: 0)), globalPosition: try head[0].decode(Int64.self, at: 1))
                // Erasures are rare and half a second is soon enough, so commits are read in batches
                // instead of one read per commit.
                let erasures = log.subscribe(from: start, filter: EventFilter(types: [SubjectErased.eventType]), pace: .milliseconds(500))
                for try await event in erasures {
                    if let subject = event.subjectID { await keyring.forgetCachedKey(for: subject) }
                }
                return
            } catch {
                if Task.isCancelled { return }
                logger.warning("following erasures failed; will retry", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Closes the platform HTTP client; call after the workers stopped.
    public func shutdown() async {
        await http.shutdown()
    }
}
