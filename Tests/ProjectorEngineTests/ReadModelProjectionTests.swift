import AnalyticsReadModel
import AuditReadModel
import ConversationContextReadModel
import ErasureReadModel
import EventLog
import Foundation
import Messaging
import Postgres
import Privacy
import ProjectionBenchmark
import ReadModelCatalog
import ProjectorEngine
import ReadModels
import SwitchboardTestSupport
import Testing

@Suite struct ReadModelProjectionTests {
    static let t0 = Date(timeIntervalSince1970: 1_714_557_600)

    private static func keyring() throws -> SubjectKeyring {
        SubjectKeyring(masterKey: try MasterKey(bytes: Array(0..<32)), store: InMemorySubjectKeyStore())
    }

    private static func received(_ conversation: ConversationID, _ subject: String, _ text: String, at: Date, keyring: SubjectKeyring)
        async throws -> NewEvent
    {
        let message = UniversalMessage(
            channel: .telegram, accountID: "bot1", conversationID: conversation,
            platformChatID: try await keyring.seal("chat-\(subject)", subject: subject),
            sender: MessageSender(subjectID: subject, platformUserID: try await keyring.seal("user-\(subject)", subject: subject)),
            text: try await keyring.seal(text, subject: subject), platformMessageID: UUID().uuidString, platformTimestamp: at)
        let payload = MessageReceived(message: message)
        return NewEvent(
            type: MessageReceived.eventType, payload: try EventPayloadCoding.encode(payload), subjectID: subject, occurredAt: at)
    }

    private static func routed(_ conversation: ConversationID, at: Date) throws -> NewEvent {
        let payload = RoutingDecided(conversationID: conversation, agentID: "support", ruleID: nil, reason: .ruleMatched, dmPolicyOutcome: .open)
        return NewEvent(type: RoutingDecided.eventType, payload: try EventPayloadCoding.encode(payload), occurredAt: at)
    }

    @Test func erasurePurgesEveryReadModelAndCompletesTheTombstone() async throws {
        let harness = try await ProjectionHarness.make("erasure")
        let keyring = try Self.keyring()
        let conversation = SyntheticWorkload.conversation(1)
        let alice = SyntheticWorkload.subject(1)
        let bob = SyntheticWorkload.subject(2)
        try await harness.log.append(
            [
                try await Self.received(conversation, alice, "alice secret text", at: Self.t0, keyring: keyring),
                try Self.routed(conversation, at: Self.t0.addingTimeInterval(1)),
                try await Self.received(conversation, bob, "bob plain words", at: Self.t0.addingTimeInterval(2), keyring: keyring),
            ], to: conversation.streamID)
        let runners = try ReadModelCatalog.projectors().map { try harness.runner($0) }
        let tasks = runners.map { runner in Task { try await runner.run() } }
        try await harness.waitUntilCaughtUp(runners)

        // Before erasure: text unseals on read, and the row holds it sealed only.
        let before = try #require(try await ConversationQueries.messages(of: conversation, keyring: keyring, on: harness.owner))
        #expect(before.map(\.text) == ["alice secret text", "bob plain words"])
        let raw = try await harness.owner.query(
            "SELECT count(*)::bigint, coalesce(string_agg(message::text, ','), '') FROM projection_conversation_context.rm_conversation_messages")
        #expect(try raw[0].decode(Int64.self, at: 0) == 2)
        #expect(!(try raw[0].decode(String.self, at: 1)).contains("alice secret"))

        let erasure = try await SubjectEraser(keyring: keyring, eventLog: harness.log).erase(
            subject: alice, reason: "art. 17 request", requestedBy: "ticket-42")
        #expect(!erasure.wasAlreadyErased)
        try await harness.waitUntilCaughtUp(runners)

        let context = try #require(try await ConversationQueries.context(of: conversation, on: harness.owner))
        #expect(context.participants == [bob])
        #expect(context.recentMessages.allSatisfy { $0.subjectID == bob })
        let after = try #require(try await ConversationQueries.messages(of: conversation, keyring: keyring, on: harness.owner))
        #expect(after.map(\.text) == ["bob plain words"])
        let aliceMessages = try await harness.owner.query(
            """
            SELECT count(*)::bigint FROM projection_conversation_context.rm_conversation_messages
            WHERE subject_id = $1 OR strpos(message::text, $1) > 0
            """, [.text(alice)])
        #expect(try aliceMessages[0].decode(Int64.self, at: 0) == 0)

        let audited = try await harness.owner.query(
            "SELECT count(*)::bigint FROM projection_audit.rm_audit WHERE subject_id = $1 OR actor LIKE '%' || $1 || '%'", [.text(alice)])
        #expect(try audited[0].decode(Int64.self, at: 0) == 1)  // only the erasure's own row (the tombstone)

        // The read APIs run as the application role, which may read (never write) the read models.
        let reader = try await PostgresConnection.connect(harness.database.applicationConfiguration)
        let requests = try await ErasureQueries.list(on: reader)
        #expect(try await ConversationQueries.context(of: conversation, on: reader)?.participants == [bob])
        await #expect(throws: PostgresError.self) {
            try await reader.query("DELETE FROM projection_audit.rm_audit")
        }
        let request = try #require(requests.items.first)
        #expect(requests.items.count == 1)
        #expect(request.subjectID == alice && request.requestedBy == "ticket-42" && request.reason == "art. 17 request")
        #expect(request.status == .complete)
        #expect(Set(request.completedAt.keys) == Set(ErasureQueries.purgingReadModels))
        #expect(request.completedAt.values.allSatisfy { $0 != nil })
        #expect(try await ErasureQueries.list(status: .pending, on: harness.owner).items.isEmpty)

        let hours = try await AnalyticsQueries.hourly(
            from: Self.t0.addingTimeInterval(-3600), to: Self.t0.addingTimeInterval(86_400), on: harness.owner)
        // Alice's message counts (its routing decision came); Bob's waits for its decision. Erasure changes neither.
        #expect(hours.reduce(0) { $0 + $1.inbound } == 1)
        let recent = try await AnalyticsQueries.hourly(
            from: Date().addingTimeInterval(-7200), to: Date().addingTimeInterval(3600), on: harness.owner)
        #expect(recent.reduce(0) { $0 + $1.erasures } == 1)  // the erasure happened now
        for task in tasks { task.cancel() }
        for task in tasks { try await task.value }
    }

    @Test func auditFiltersPagesAndExports() async throws {
        let harness = try await ProjectionHarness.make("audit")
        let workload = SyntheticWorkload(conversations: 10, erasureEvery: 40, start: Self.t0)
        try await workload.generate(events: 400, into: harness.log, concurrency: 4)
        let runner = try harness.runner(try AuditProjector())
        let task = Task { try await runner.run() }
        try await harness.waitUntilCaughtUp([runner])

        let total = try await harness.owner.query("SELECT count(*)::bigint FROM projection_audit.rm_audit")
        let count = Int(try total[0].decode(Int64.self, at: 0))
        #expect(count >= 400)

        // Pages of 37 cover every row exactly once, in log order.
        var positions: [Int64] = []
        var cursor: String?
        repeat {
            let page = try await AuditQueries.page(AuditFilter(), after: cursor, limit: 37, on: harness.owner)
            positions += page.items.map(\.globalPosition)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(positions.count == count && positions == positions.sorted() && Set(positions).count == count)

        let delivered = try await AuditQueries.page(AuditFilter(action: "outbound.delivered"), limit: 1000, on: harness.owner)
        #expect(!delivered.items.isEmpty && delivered.items.allSatisfy { $0.action == "outbound.delivered" && $0.outcome == "delivered" })
        let conversation = SyntheticWorkload.conversation(3).rawValue
        let one = try await AuditQueries.page(AuditFilter(conversationID: conversation), limit: 1000, on: harness.owner)
        #expect(!one.items.isEmpty && one.items.allSatisfy { $0.conversationID == conversation })
        let router = try await AuditQueries.page(AuditFilter(actor: "router"), limit: 1000, on: harness.owner)
        #expect(!router.items.isEmpty && router.items.allSatisfy { $0.action == "routing.decided" })
        let window = try await AuditQueries.page(
            AuditFilter(from: Self.t0.addingTimeInterval(10), to: Self.t0.addingTimeInterval(20)), limit: 1000, on: harness.owner)
        #expect(!window.items.isEmpty)
        #expect(window.items.allSatisfy { $0.occurredAt >= Self.t0.addingTimeInterval(10) && $0.occurredAt < Self.t0.addingTimeInterval(20) })
        let erased = try await AuditQueries.page(AuditFilter(action: "subject.erased"), limit: 1000, on: harness.owner)
        #expect(!erased.items.isEmpty && erased.items.allSatisfy { $0.actor.hasPrefix("operator:ops-ticket-") && $0.outcome == "erased" })

        var ndjson = ""
        let exported = try await AuditQueries.exportNDJSON(AuditFilter(action: "outbound.delivered"), on: harness.owner) { ndjson += $0 }
        let lines = ndjson.split(separator: "\n")
        #expect(exported == delivered.items.count && lines.count == exported)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["action"] as? String == "outbound.delivered" && first?["global_position"] != nil)

        var csv = ""
        let csvCount = try await AuditQueries.exportCSV(AuditFilter(action: "outbound.delivered"), on: harness.owner) { csv += $0 }
        let csvLines = csv.split(separator: "\n")
        #expect(csvCount == exported && csvLines.count == exported + 1)
        #expect(csvLines[0] == "global_position,event_id,occurred_at,actor,action,conversation_id,correlation_id,outcome,subject_id")

        await #expect(throws: ReadModelError.self) { _ = try await AuditQueries.page(AuditFilter(), after: "garbage!", on: harness.owner) }
        await #expect(throws: ReadModelError.self) { _ = try await AuditQueries.page(AuditFilter(), limit: 0, on: harness.owner) }

        // Events folded a second time (which the checkpoint fence prevents) are a fault to stop on,
        // not rows to skip: the insert fails whole and nothing is written.
        let again = try await harness.log.readAll(after: .start, limit: 20)
        let connection = try await PostgresConnection.connect(harness.projectorDatabase)
        let error = await #expect(throws: PostgresError.self) {
            try await connection.transaction(beginningWith: "SET LOCAL search_path = projection_audit, public") { connection in
                try await AuditProjector().apply(again, from: .start, through: try #require(again.last).position, on: connection)
            }
        }
        #expect(error?.sqlState == "23505")
        let unchanged = try await harness.owner.query("SELECT count(*)::bigint FROM projection_audit.rm_audit")
        #expect(Int(try unchanged[0].decode(Int64.self, at: 0)) == count)
        task.cancel()
        try await task.value
    }

    /// A reply's delivery outcome finds its conversation both when it comes in the batch that queued
    /// the reply (mapped through the outbound.queued folded before it) and in a later batch of a
    /// restarted projector, which keeps nothing in memory (mapped through rm_conversation_outbound).
    @Test func aDeliveryOutcomeFindsItsConversationInTheQueuingBatchOrALaterOne() async throws {
        let harness = try await ProjectionHarness.make("outcomebatches")
        let keyring = try Self.keyring()
        let first = try harness.runner(try ConversationContextProjector())
        let firstTask = Task { try await first.run() }
        func queued(_ conversation: ConversationID, _ subject: String) async throws -> (UUID, NewEvent) {
            let outboundID = UUID.timeOrdered()
            let payload = OutboundQueued(
                outboundID: outboundID, conversationID: conversation, channel: .telegram, accountID: "bot1", recipientSubjectID: subject,
                platformChatID: try await keyring.seal("chat-\(subject)", subject: subject), text: try await keyring.seal("hello", subject: subject))
            let event = NewEvent(
                type: OutboundQueued.eventType, payload: try EventPayloadCoding.encode(payload), subjectID: subject, occurredAt: Self.t0)
            return (outboundID, event)
        }
        func delivered(_ outboundID: UUID) throws -> NewEvent {
            let payload = OutboundDelivered(outboundID: outboundID, platformMessageID: "p-\(outboundID)", attempt: 1)
            return NewEvent(type: OutboundDelivered.eventType, payload: try EventPayloadCoding.encode(payload), occurredAt: Self.t0)
        }
        let together = SyntheticWorkload.conversation(1)
        let apart = SyntheticWorkload.conversation(2)
        let (togetherID, togetherQueued) = try await queued(together, SyntheticWorkload.subject(1))
        let (apartID, apartQueued) = try await queued(apart, SyntheticWorkload.subject(2))
        try await harness.log.append([togetherQueued, try delivered(togetherID)], to: together.streamID)
        try await harness.log.append([apartQueued], to: apart.streamID)
        try await harness.waitUntilCaughtUp([first])
        firstTask.cancel()
        try await firstTask.value
        let second = try harness.runner(try ConversationContextProjector())
        let secondTask = Task { try await second.run() }
        try await harness.log.append([try delivered(apartID)], to: apart.streamID)
        try await harness.waitUntilCaughtUp([second])
        for (conversation, outboundID) in [(together, togetherID), (apart, apartID)] {
            let context = try #require(try await ConversationQueries.context(of: conversation, on: harness.owner))
            #expect(context.recentMessages.map(\.outboundID) == [outboundID])
            #expect(context.recentMessages.last?.deliveryStatus == .delivered, "\(conversation)")
            #expect(context.pendingOutboundIDs.isEmpty, "\(conversation)")
        }
        secondTask.cancel()
        try await secondTask.value
    }

    @Test func conversationListPagesByActivity() async throws {
        let harness = try await ProjectionHarness.make("conversations")
        let workload = SyntheticWorkload(conversations: 25, erasureEvery: 10_000, start: Self.t0)
        try await workload.generate(events: 300, into: harness.log, concurrency: 4)
        let runner = try harness.runner(try ConversationContextProjector(windowSize: 4))
        let task = Task { try await runner.run() }
        try await harness.waitUntilCaughtUp([runner])
        var seen: [ConversationSummary] = []
        var cursor: String?
        repeat {
            let page = try await ConversationQueries.list(after: cursor, limit: 7, on: harness.owner)
            seen += page.items
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen.count == 25 && Set(seen.map(\.conversationID)).count == 25)
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.lastActivityAt >= $1.lastActivityAt })
        let context = try #require(try await ConversationQueries.context(of: SyntheticWorkload.conversation(0), on: harness.owner))
        #expect(context.recentMessages.count == 4 && context.inboundCount > 0 && context.assignedAgentID == nil)
        task.cancel()
        try await task.value
    }
}
