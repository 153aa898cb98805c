import Agents
import AsyncHTTPClient
import EventLog
import Foundation
@testable import GatewayServer
import Messaging
import Privacy
import SwitchboardTestSupport
import Testing

/// An ``ActionRunner`` on a fresh database with one agent whose tools a test declares; actions are
/// requested by appending `agent.action_requested` as an agent would.
struct ActionTestBed {
    static let agentID = "tester"
    let database: TestDatabase
    let log: EventLog
    let keyring: SubjectKeyring
    let runner: ActionRunner
    let http: HTTPClient
    let conversation = ConversationID(rawValue: "c_" + String(repeating: "ab", count: 16))!
    let subject = "s_" + String(repeating: "5a", count: 16)

    static func start(_ hint: String, tools: [ToolDeclaration], configuration: ToolsConfiguration = ToolsConfiguration()) async throws -> ActionTestBed {
        let database = try await TestPostgres.freshDatabase(hint)
        let log = EventLog(pool: database.applicationPool(maximumConnections: 4))
        let keyring = SubjectKeyring(masterKey: try MasterKey(bytes: (0..<32).map { UInt8($0) }), store: PostgresSubjectKeyStore(pool: log.pool))
        var configuration = configuration
        configuration.baseDelay = .milliseconds(10)
        // The process-wide client: needs no shutdown, so a test that fails early leaks nothing.
        let http = HTTPClient.shared
        var definition = AgentDefinition(id: agentID)
        definition.tools = tools
        let runner = try ActionRunner(log: log, keyring: keyring, definitions: [definition], configuration: configuration, httpClient: http)
        return ActionTestBed(database: database, log: log, keyring: keyring, runner: runner, http: http)
    }

    /// Appends a request for `name` with `slots` and returns it as recorded.
    func request(_ name: String, slots: [String: EntityValue], actionID: String = UUID().uuidString.lowercased()) async throws -> RecordedEvent {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let inputs = try await keyring.seal(String(decoding: try encoder.encode(slots), as: UTF8.self), subject: subject)
        let requested = AgentActionRequested(
            conversationID: conversation, agentID: Self.agentID, actionID: actionID, name: name, inputs: inputs, subjectID: subject)
        let id = UUID()
        try await log.append(
            [try NewEvent(id: id, type: AgentActionRequested.eventType, payload: EventPayloadCoding.encode(requested), subjectID: subject)],
            to: conversation.streamID)
        return try #require(try await log.events(withIDs: [id]).first)
    }

    /// The conversation's events of `type`.
    func events(_ type: String) async throws -> [RecordedEvent] {
        try await log.readStream(conversation.streamID).filter { $0.type == type }
    }

    func stop() async {
        log.shutdown()
    }
}
