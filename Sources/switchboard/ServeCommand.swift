import Agents
import ArgumentParser
import EventLog
import Foundation
import GatewayServer
import Hummingbird
import LLM
import Logging
import Migrations
import Postgres
import Privacy

/// `switchboard serve`: migrate, then run the gateway (webhooks, health, metrics), its agent and
/// delivery workers and the log sealer until SIGTERM/SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run Switchboard: migrate, then serve the gateway and run its workers until SIGTERM/SIGINT.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Configuration file (default: switchboard.yaml in the working directory, if present).")
    var config: String?

    @Option(help: "Address to listen on (overrides server.host).")
    var host: String?

    @Option(help: "Port to listen on, 0 picks a free one (overrides server.port).")
    var port: Int?

    @Option(help: "Which parts run in this process: all, gateway, agents, delivery, projectors (comma-separated).")
    var role = "all"

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (default: $SWITCHBOARD_LOG_LEVEL or info).")
    var logLevel: String?

    func run() async throws {
        Allocator.returnFreedMemoryPromptly()
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535, got \(port)") }
        let roles = try parseRoles(role)
        let levelName = logLevel ?? ProcessInfo.processInfo.environment["SWITCHBOARD_LOG_LEVEL"] ?? "info"
        guard let level = Logger.Level(rawValue: levelName) else {
            throw ValidationError("--log-level: unknown level '\(levelName)' (use trace, debug, info, notice, warning, error, critical)")
        }
        // Structured logs on stderr: key=value metadata, correlation ids matching the events'.
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        try ParentWatch.startIfRequested(logger: Logger(label: "switchboard.serve"))
        var gatewayConfiguration = try loadConfiguration()
        if let host { gatewayConfiguration.server.host = host }
        if let port { gatewayConfiguration.server.port = port }
        let definitions = try loadAgentDefinitions(gatewayConfiguration)

        let logger = Logger(label: "switchboard.serve")
        let resolved = try await DatabaseResolver.resolve(database, stopOnExit: true, logger: logger)
        let owner = try await PostgresConnection.connect(resolved.owner, logger: logger)
        let migrator = try Migrator()
        let applied = try await migrator.migrate(on: owner)
        if !applied.isEmpty { logger.info("applied migrations", metadata: ["migrations": "\(applied.joined(separator: ","))"]) }
        let applicationDatabase = try await resolved.application(on: owner)
        let pool = PostgresPool(configuration: applicationDatabase, maximumConnections: 40, logger: logger)
        let log = EventLog(pool: pool)
        let masterKey = try MasterKey.load(dataDirectory: resolved.dataDirectory.path)
        let keyring = SubjectKeyring(masterKey: masterKey, store: PostgresSubjectKeyStore(pool: pool))
        let llmHTTP = LLMHTTPClient.make()
        let agents = try ConfiguredAgents.make(definitions, configuration: gatewayConfiguration, log: log, keyring: keyring, httpClient: llmHTTP)
        let gateway = try Gateway(
            configuration: gatewayConfiguration, log: log, agents: agents, patternAgents: definitions.filter(\.pattern.watchesEvents),
            database: applicationDatabase, readModelOwner: resolved.owner,
            masterKey: masterKey, keyring: keyring,
            roles: roles,
            readiness: {
                let status = await Readiness.check(pool: pool, migrator: migrator)
                return (status.ready, status.checks)
            })
        // Seal the subscription order every few seconds, so verify also detects a stream removed whole.
        let sealing = Task {
            let sealer = LogSealer(pool: pool)
            while !Task.isCancelled {
                do {
                    while try await sealer.sealNext() != nil {}
                } catch {
                    logger.warning("sealing the log failed; will retry", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(5))
            }
        }
        defer {
            sealing.cancel()
            log.shutdown()
            pool.close()
        }

        let listenHost = gatewayConfiguration.server.host
        let app = Application(
            router: gateway.buildRouter(),
            server: gateway.httpServer(),
            configuration: .init(
                address: .hostname(gatewayConfiguration.server.host, port: gatewayConfiguration.server.port), serverName: "switchboard"),
            services: [GatewayWorkersService(gateway: gateway)],
            onServerRunning: { channel in
                // One line on stdout that scripts and tests wait for (the port matters with --port 0).
                let line = "switchboard listening on http://\(listenHost):\(channel.localAddress?.port ?? 0)\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            },
            logger: logger)
        let watchdog = ShutdownWatchdog(grace: gatewayConfiguration.server.shutdownGrace, logger: logger)
        watchdog.start()
        try await app.runService()
        withExtendedLifetime(watchdog) {}
        try? await llmHTTP.shutdown()
    }

    private func loadConfiguration() throws -> GatewayConfiguration {
        if let config {
            return try GatewayConfiguration.load(path: config)
        }
        if FileManager.default.fileExists(atPath: "switchboard.yaml") {
            return try GatewayConfiguration.load(path: "switchboard.yaml")
        }
        return GatewayConfiguration()
    }

    /// The agents in the configured folder, checked before anything starts: every agent that
    /// routing names must exist.
    private func loadAgentDefinitions(_ configuration: GatewayConfiguration) throws -> [AgentDefinition] {
        var definitions: [AgentDefinition] = []
        if let folder = configuration.agentsFolder {
            definitions = try AgentDefinitionLoader().loadFolder(URL(fileURLWithPath: folder))
            for definition in definitions where definition.provider != .rules {
                _ = try LLMAgentRoutes.resolve(definition, providers: configuration.llmProviders)
            }
        }
        // Routing hands conversations only to agents that answer them.
        let known = Set(definitions.filter { !$0.pattern.watchesEvents }.map(\.id) + [EchoAgent.id])
        if let agent = configuration.routing.defaultAgent, !known.contains(agent) {
            throw ValidationError("invalid configuration at routing.default_agent: no agent named '\(agent)' (known: \(known.sorted().joined(separator: ", ")))")
        }
        for (index, rule) in configuration.routing.rules.enumerated() where !known.contains(rule.agent) {
            throw ValidationError("invalid configuration at routing.rules[\(index)].agent: no agent named '\(rule.agent)'")
        }
        return definitions
    }

    private func parseRoles(_ text: String) throws -> Gateway.Roles {
        var roles: Gateway.Roles = []
        for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            switch name {
            case "all": roles.formUnion(.all)
            case "gateway": roles.insert(.http)
            case "agents": roles.insert(.agents)
            case "delivery": roles.insert(.delivery)
            case "projectors": roles.insert(.projectors)
            default: throw ValidationError("--role: unknown role '\(name)' (use all, gateway, agents, delivery, projectors)")
            }
        }
        guard !roles.isEmpty else { throw ValidationError("--role: name at least one role") }
        return roles
    }
}
