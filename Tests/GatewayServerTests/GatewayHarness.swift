import Agents
import AsyncHTTPClient
import Crypto
import EventLog
import Foundation
import GatewayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSONValues
import Messaging
import PlatformFakes
import Postgres
import Privacy
import SwitchboardTestSupport

/// A gateway on a fresh database, wired to local Telegram and WhatsApp fakes, with its workers
/// running; tests drive it through its router.
struct GatewayHarness {
    static let telegramAccount = "123456789"
    static let webhookSecret = "harness-secret_1"
    static let appSecret = "harness-app-secret"
    static let verifyToken = "harness-verify"

    let database: TestDatabase
    let log: EventLog
    let gateway: Gateway
    let telegram: FakeTelegramBotAPI
    let whatsapp: FakeWhatsAppCloudAPI
    /// The CalDAV collection the demo agent's calendar tools (`tools.caldav.studio`) write to.
    let caldav: FakeCalDAVCollection
    let workers: Task<Void, Never>
    let agents: [AgentDefinition]
    /// What monitoring and integration agents read their secrets and chat ids from.
    let environment: [String: String]

    /// Builds the gateway; `configure` adjusts the configuration before it starts.
    /// Without `.projectors` unless asked: read models are tested on their own, and four more runners
    /// per gateway would crowd the shared test cluster.
    static func start(
        _ hint: String, roles: Gateway.Roles = [.http, .agents, .delivery], agents: [AgentDefinition] = [],
        environment: [String: String] = [:], configure: (inout GatewayConfiguration) -> Void = { _ in }
    ) async throws -> GatewayHarness {
        let database = try await TestPostgres.freshDatabase(hint)
        let telegram = FakeTelegramBotAPI()
        let whatsapp = FakeWhatsAppCloudAPI()
        return try await start(
            database: database, telegram: telegram, whatsapp: whatsapp, caldav: FakeCalDAVCollection(), roles: roles, agents: agents,
            environment: environment,
            configure: configure)
    }

    /// The demo rules agents shipped in the repository's `agents/` folder.
    static func demoAgents() throws -> [AgentDefinition] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try AgentDefinitionLoader().loadFolder(root.appendingPathComponent("agents")).filter { $0.provider == .rules }
    }

    /// A new gateway on this harness's database and fakes, as after a restart (stop this one first).
    func restarted(configure: (inout GatewayConfiguration) -> Void = { _ in }) async throws -> GatewayHarness {
        try await Self.start(
            database: database, telegram: telegram, whatsapp: whatsapp, caldav: caldav, roles: gateway.roles, agents: agents,
            environment: environment,
            configure: configure)
    }

    static func start(
        database: TestDatabase, telegram: FakeTelegramBotAPI, whatsapp: FakeWhatsAppCloudAPI, caldav: FakeCalDAVCollection, roles: Gateway.Roles,
        agents: [AgentDefinition], environment: [String: String] = [:], configure: (inout GatewayConfiguration) -> Void
    ) async throws -> GatewayHarness {
        // A small pool: many gateways run at once in the test process, on one cluster.
        let log = EventLog(pool: database.applicationPool(maximumConnections: 6))
        let telegramURL = try await telegram.start()
        let whatsappURL = try await whatsapp.start()
        var configuration = GatewayConfiguration()
        configuration.telegram = [
            TelegramAccountConfiguration(
                account: telegramAccount, botUsername: telegram.configuration.botUsername, botToken: telegram.configuration.token,
                webhookSecret: webhookSecret, apiBaseURL: telegramURL)
        ]
        configuration.whatsapp = [
            WhatsAppAccountConfiguration(
                account: whatsapp.configuration.phoneNumberID, appSecret: appSecret, verifyToken: verifyToken,
                accessToken: whatsapp.configuration.accessToken, apiBaseURL: whatsappURL)
        ]
        configuration.dispatch.partitions = 4
        configuration.delivery.baseDelay = .milliseconds(20)
        configuration.delivery.maximumDelay = .milliseconds(200)
        configuration.tools.caldav["studio"] = CalDAVProfile(url: try await caldav.start().appendingPathComponent("calendars/studio-nord"))
        configuration.tools.baseDelay = .milliseconds(20)
        configure(&configuration)
        let masterKey = try MasterKey(bytes: (0..<32).map { UInt8($0) })
        let keyring = SubjectKeyring(masterKey: masterKey, store: PostgresSubjectKeyStore(pool: log.pool))
        let gateway = try Gateway(
            configuration: configuration, log: log,
            agents: try ConfiguredAgents.make(agents, configuration: configuration, log: log, keyring: keyring, httpClient: .shared),
            patternAgents: agents, environment: environment, database: database.applicationConfiguration,
            readModelOwner: database.superuserConfiguration, masterKey: masterKey, keyring: keyring,
            roles: roles)
        let workers = Task { await gateway.runWorkers() }
        return GatewayHarness(
            database: database, log: log, gateway: gateway, telegram: telegram, whatsapp: whatsapp, caldav: caldav, workers: workers,
            agents: agents, environment: environment)
    }

    func stop() async {
        await stopGateway()
        await telegram.stop()
        await whatsapp.stop()
        await caldav.stop()
    }

    /// Stops the gateway and its workers but leaves the fakes running (for ``restarted(configure:)``).
    func stopGateway() async {
        workers.cancel()
        await workers.value
        await gateway.shutdown()
        log.shutdown()
    }

    /// Runs `body` with a client of the gateway's router (no sockets).
    func withClient(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: gateway.buildRouter())
        try await app.test(.router) { client in try await body(client) }
    }

    /// Every event of the log, in order.
    func allEvents() async throws -> [RecordedEvent] {
        try await log.readAll(limit: 10_000)
    }

    /// Waits until the log holds an event matching `condition`.
    func waitForEvent(timeout: Duration = .seconds(30), _ condition: (RecordedEvent) -> Bool) async throws -> RecordedEvent {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let match = try await allEvents().first(where: condition) { return match }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw HarnessTimeout()
    }

    /// Waits until the log holds at least `count` events matching `condition` and returns them. Reads
    /// of the whole log stop at the oldest running transaction anywhere in the cluster, so under the
    /// load of other tests an event can take a moment to show.
    func waitForEvents(count: Int, timeout: Duration = .seconds(30), _ condition: (RecordedEvent) -> Bool) async throws -> [RecordedEvent] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let matching = try await allEvents().filter(condition)
            if matching.count >= count { return matching }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw HarnessTimeout()
    }

    struct HarnessTimeout: Error {}

    static func telegramUpdate(id: Int64, _ update: JSONValue) -> ByteBuffer {
        ByteBuffer(data: update.setting("update_id", to: .integer(id)).encoded())
    }

    /// Headers for a WhatsApp webhook body signed with the harness's app secret.
    static func whatsappHeaders(signing request: WhatsAppWebhookRequest) -> HTTPFields {
        let signature = HMAC<SHA256>.authenticationCode(for: request.body, using: SymmetricKey(data: Data(appSecret.utf8)))
        var headers = HTTPFields()
        for (name, value) in request.headers(signatureHex: signature.map { String(format: "%02x", $0) }.joined()) {
            headers[HTTPField.Name(name)!] = value
        }
        return headers
    }

    static var telegramHeaders: HTTPFields {
        [.contentType: "application/json", HTTPField.Name("X-Telegram-Bot-Api-Secret-Token")!: webhookSecret]
    }
}
