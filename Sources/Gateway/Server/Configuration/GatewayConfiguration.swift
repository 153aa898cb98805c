import Foundation
import GatewayRouting
import LLM
import Yams

/// Everything `switchboard serve` reads from `switchboard.yaml` (plus `${NAME}` environment
/// references for secrets): the HTTP server, channel accounts, routing, agent dispatch, delivery
/// and request limits. ``load(yaml:environment:)`` checks all of it and names the first problem's key.
public struct GatewayConfiguration: Sendable {
    public var server = ServerSection()
    public var telegram: [TelegramAccountConfiguration] = []
    public var whatsapp: [WhatsAppAccountConfiguration] = []
    public var routing = RoutingConfiguration(defaultAgent: EchoAgent.id, dmPolicy: .open)
    public var dispatch = DispatchSection()
    public var delivery = DeliverySection()
    public var security = SecuritySection()
    /// Where agents' tools send things: SMTP and CalDAV profiles, and the action retry policy.
    public var tools = ToolsConfiguration()
    /// The folder of agent definitions (`agents.folder`, one YAML file per agent); nil: none.
    public var agentsFolder: String?
    /// The model APIs LLM agents may use (`llm.providers`).
    public var llmProviders: [LLMProviderConfiguration] = []

    public init() {}

    /// The `server` section.
    public struct ServerSection: Sendable {
        public var host = "127.0.0.1"
        public var port = 8080
        /// Larger request bodies are refused with 413 before they are read whole.
        public var maximumBodyBytes = 1 << 20
        /// Longest graceful shutdown after SIGTERM/SIGINT; past it, whatever still runs is cancelled.
        public var shutdownGrace: Duration = .seconds(15)
    }

    /// The `dispatch` section: how conversations are spread over agent workers.
    public struct DispatchSection: Sendable {
        /// Conversations hash into this many partitions; each is leased by one process at a time.
        public var partitions = 16
        /// Conversations processed at once per process (different conversations; one conversation
        /// is always processed in order).
        public var concurrency = 64
    }

    /// The `delivery` section: retries and concurrency of the delivery worker.
    public struct DeliverySection: Sendable {
        public var maximumAttempts = 8
        public var baseDelay: Duration = .milliseconds(500)
        public var maximumDelay: Duration = .seconds(60)
        /// Sends in flight at once per process.
        public var concurrency = 64
        /// Overrides the platform's documented overall send rate per account (messages per second).
        public var globalPerSecond: Double?
        /// Overrides the platform's documented per-chat send rate (messages per second).
        public var perChatPerSecond: Double?
    }

    /// The `security` section: request limits (429 with Retry-After beyond them).
    public struct SecuritySection: Sendable {
        /// Requests per second per client IP address, with a burst of the same size; 0 turns it off.
        public var requestsPerSecondPerIP = 1000.0
        /// Inbound messages per minute per sender on one channel account; 0 turns it off.
        public var messagesPerMinutePerSender = 120.0
    }

    /// Reads and checks a whole configuration file.
    /// - Throws: ``GatewayConfigurationError`` naming the key path of the first problem.
    public static func load(yaml: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(GatewayConfigurationError) -> GatewayConfiguration
    {
        let document: Any?
        do {
            document = try Yams.load(yaml: yaml)
        } catch {
            throw GatewayConfigurationError(keyPath: "", message: "the file is not valid YAML (\(error))")
        }
        let root = ConfigurationNode(value: document ?? [String: Any](), keyPath: "", environment: environment)
        try root.requireMapping(allowed: ["server", "channels", "routing", "dispatch", "delivery", "security", "agents", "llm", "tools"])
        var configuration = GatewayConfiguration()

        let server = root.child("server")
        try server.requireMapping(allowed: ["host", "port", "max_body_bytes", "shutdown_grace_seconds"])
        if let host = try server.child("host").string() { configuration.server.host = host }
        if let port = try server.child("port").int(in: 0...65535) { configuration.server.port = port }
        if let limit = try server.child("max_body_bytes").int(in: 1024...(64 << 20)) {
            configuration.server.maximumBodyBytes = limit
        }
        if let grace = try server.child("shutdown_grace_seconds").int(in: 1...3600) {
            configuration.server.shutdownGrace = .seconds(grace)
        }

        let channels = root.child("channels")
        try channels.requireMapping(allowed: ["telegram", "whatsapp"])
        configuration.telegram = try channels.child("telegram").list().map { node throws(GatewayConfigurationError) in
            try TelegramAccountConfiguration(node)
        }
        configuration.whatsapp = try channels.child("whatsapp").list().map { node throws(GatewayConfigurationError) in
            try WhatsAppAccountConfiguration(node)
        }
        try rejectDuplicates(configuration.telegram.map(\.account), at: "channels.telegram")
        try rejectDuplicates(configuration.whatsapp.map(\.account), at: "channels.whatsapp")

        if root.child("routing").isPresent {
            do {
                configuration.routing = try RoutingConfiguration.load(yaml: yaml)
            } catch {
                throw GatewayConfigurationError(keyPath: error.keyPath, message: error.message)
            }
        }

        let dispatch = root.child("dispatch")
        try dispatch.requireMapping(allowed: ["partitions", "concurrency"])
        if let partitions = try dispatch.child("partitions").int(in: 1...4096) { configuration.dispatch.partitions = partitions }
        if let concurrency = try dispatch.child("concurrency").int(in: 1...10_000) {
            configuration.dispatch.concurrency = concurrency
        }

        let delivery = root.child("delivery")
        try delivery.requireMapping(allowed: [
            "max_attempts", "base_delay_ms", "max_delay_ms", "concurrency", "global_per_second", "per_chat_per_second",
        ])
        if let attempts = try delivery.child("max_attempts").int(in: 1...100) { configuration.delivery.maximumAttempts = attempts }
        if let base = try delivery.child("base_delay_ms").int(in: 1...3_600_000) {
            configuration.delivery.baseDelay = .milliseconds(base)
        }
        if let maximum = try delivery.child("max_delay_ms").int(in: 1...86_400_000) {
            configuration.delivery.maximumDelay = .milliseconds(maximum)
        }
        guard configuration.delivery.maximumDelay >= configuration.delivery.baseDelay else {
            throw delivery.child("max_delay_ms").error("must not be smaller than base_delay_ms")
        }
        if let concurrency = try delivery.child("concurrency").int(in: 1...10_000) {
            configuration.delivery.concurrency = concurrency
        }
        configuration.delivery.globalPerSecond = try delivery.child("global_per_second").double(in: 0.001...1_000_000)
        configuration.delivery.perChatPerSecond = try delivery.child("per_chat_per_second").double(in: 0.001...1_000_000)

        let agents = root.child("agents")
        try agents.requireMapping(allowed: ["folder"])
        configuration.agentsFolder = try agents.child("folder").string()
        configuration.llmProviders = try LLMProviderSection.read(root.child("llm"))

        let security = root.child("security")
        try security.requireMapping(allowed: ["requests_per_second_per_ip", "messages_per_minute_per_sender"])
        if let rate = try security.child("requests_per_second_per_ip").double(in: 0...1_000_000) {
            configuration.security.requestsPerSecondPerIP = rate
        }
        if let rate = try security.child("messages_per_minute_per_sender").double(in: 0...1_000_000) {
            configuration.security.messagesPerMinutePerSender = rate
        }
        configuration.tools = try ToolsConfiguration(root.child("tools"))
        return configuration
    }

    /// Reads the file at `path`.
    /// - Throws: ``GatewayConfigurationError`` when it cannot be read or is invalid.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(GatewayConfigurationError) -> GatewayConfiguration
    {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw GatewayConfigurationError(keyPath: "", message: "the configuration file \(path) cannot be read")
        }
        do {
            return try load(yaml: text, environment: environment)
        } catch {
            throw GatewayConfigurationError(keyPath: error.keyPath, message: "\(error.message) (in \(path))")
        }
    }

    private static func rejectDuplicates(_ accounts: [String], at keyPath: String) throws(GatewayConfigurationError) {
        var seen: Set<String> = []
        for (index, account) in accounts.enumerated() where !seen.insert(account).inserted {
            throw GatewayConfigurationError(keyPath: "\(keyPath)[\(index)].account", message: "repeats an account listed above")
        }
    }
}
