import EventLog
import Foundation
import Messaging
import Postgres
import Privacy
import SwitchboardTestSupport
import Testing

/// `replay`, `export` and `erase` as an operator runs them against a log with a real conversation.
@Suite("operator commands", .serialized)
struct OperatorCommandsTests {
    @Test("replay rebuilds a conversation as of a moment; erase shreds it; export shows what is held")
    func replayEraseExport() async throws {
        let database = try await TestPostgres.freshDatabase("operatorcli")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("operator-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let masterKey = try MasterKey.load(environment: [:], dataDirectory: directory.path)
        let log = database.eventLog()
        defer { log.shutdown() }
        let keyring = SubjectKeyring(masterKey: masterKey, store: PostgresSubjectKeyStore(pool: log.pool))
        let pseudonym = SubjectPseudonym(masterKey: masterKey)
        let conversation = ConversationID.make(
            channel: .telegram, account: "1", platformChatID: "555", pseudonymKey: masterKey.derivedKey(purpose: "conversation-id"))
        let draft = MessageDraft(
            channel: .telegram, accountID: "1", conversationID: conversation, platformChatID: "555", senderPlatformUserID: "555",
            senderDisplayName: "Ivo", text: "please call me back", platformMessageID: "m1", platformTimestamp: Date())
        let message = try await draft.sealed(pseudonym: pseudonym, keyring: keyring)
        let subject = message.sender.subjectID
        _ = try await log.append(
            [try NewEvent(type: MessageReceived.eventType, payload: EventPayloadCoding.encode(MessageReceived(message: message)), subjectID: subject)],
            to: conversation.streamID)
        try await Task.sleep(for: .milliseconds(1100))
        let between = ISO8601DateFormatter().string(from: Date())
        try await Task.sleep(for: .milliseconds(1100))
        _ = try await log.append(
            [
                try NewEvent(
                    type: OutboundQueued.eventType,
                    payload: EventPayloadCoding.encode(
                        OutboundQueued(
                            outboundID: UUID(), conversationID: conversation, channel: .telegram, accountID: "1", recipientSubjectID: subject,
                            platformChatID: message.platformChatID, text: try await keyring.seal("we will call you", subject: subject))),
                    subjectID: subject)
            ], to: conversation.streamID)
        let common = ["--database-url", "\(database.server) dbname=\(database.name)", "--data-dir", directory.path]

        let now = try await CLIRun.run(["replay", "--conversation", conversation.rawValue] + common)
        #expect(now.status == 0, "\(now.output)")
        #expect(now.output.contains("please call me back") && now.output.contains("we will call you"))
        let earlier = try await CLIRun.run(["replay", "--conversation", conversation.rawValue, "--as-of", between] + common)
        #expect(earlier.output.contains("please call me back") && !earlier.output.contains("we will call you"), "\(earlier.output)")
        let unknown = try await CLIRun.run(["replay", "--conversation", "c_" + String(repeating: "0", count: 32)] + common)
        #expect(unknown.status == 1)
        let malformed = try await CLIRun.run(["replay", "--conversation", "nope"] + common)
        #expect(malformed.status != 0 && malformed.output.contains("--conversation"))

        let export = try await CLIRun.run(["export", "--subject", subject] + common)
        #expect(export.output.contains("please call me back") && export.output.contains("\"erased\" : false"), "\(export.output)")
        let erase = try await CLIRun.run(["erase", "--subject", subject, "--reason", "ticket 7"] + common)
        #expect(erase.status == 0 && erase.output.contains("erased"), "\(erase.output)")
        let after = try await CLIRun.run(["replay", "--conversation", conversation.rawValue] + common)
        #expect(!after.output.contains("please call me back") && after.output.contains("[erased]"), "\(after.output)")
        let exportAfter = try await CLIRun.run(["export", "--subject", subject] + common)
        #expect(!exportAfter.output.contains("please call me back") && exportAfter.output.contains("\"erased\" : true"))
    }
}
