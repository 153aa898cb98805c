import EventLog
import Foundation
import GatewayServer
import Messaging
import PlatformFakes
import SwitchboardTestSupport
import Synchronization
import Testing

/// What the delivery worker may skip for an outbound message nobody can have handled yet, and
/// what it must not.
@Suite(.serialized) struct DeliveryHandlingTests {
    /// A reply committed after the worker began reading looks unhandled, yet another worker (one whose
    /// lease lapsed while it still ran) may have delivered it already: its first attempt is then on
    /// record, and the worker goes by the log instead of sending it again.
    @Test func aReplyAnotherWorkerAlreadyDeliveredIsNotSentAgain() async throws {
        let harness = try await GatewayHarness.start("deliveredelsewhere")
        try await harness.withClient { client in
            let response = try await client.execute(
                uri: "/webhooks/telegram/\(GatewayHarness.telegramAccount)", method: .post, headers: GatewayHarness.telegramHeaders,
                body: GatewayHarness.telegramUpdate(id: 31, TelegramUpdate.textMessage(text: "first", messageID: 31, chatID: 5151, userID: 5151)))
            #expect(response.status == .ok)
        }
        _ = try await harness.telegram.recorder.waitForCalls(to: "sendMessage", count: 1, timeout: .seconds(30))
        let original = try await harness.waitForEvent { $0.type == OutboundQueued.eventType }
        let template = try EventPayloadCoding.decode(OutboundQueued.self, from: original.payload)

        func queued(_ outboundID: UUID) throws -> NewEvent {
            var payload = template
            payload.outboundID = outboundID
            return try NewEvent(
                id: outboundID, type: OutboundQueued.eventType, schemaVersion: OutboundQueued.schemaVersion,
                payload: EventPayloadCoding.encode(payload), subjectID: template.recipientSubjectID)
        }
        // Delivered elsewhere: queued, attempt 1 started and delivered, all in one append.
        let deliveredElsewhere = UUID()
        try await harness.log.append(
            [
                try queued(deliveredElsewhere),
                try NewEvent(
                    id: DerivedEventID.make(from: deliveredElsewhere, part: "attempt_started/1"), type: OutboundAttemptStarted.eventType,
                    payload: EventPayloadCoding.encode(OutboundAttemptStarted(outboundID: deliveredElsewhere, attempt: 1, afterUnknownOutcome: false))),
                try NewEvent(
                    id: DerivedEventID.make(from: deliveredElsewhere, part: "delivered"), type: OutboundDelivered.eventType,
                    payload: EventPayloadCoding.encode(OutboundDelivered(outboundID: deliveredElsewhere, platformMessageID: "77", attempt: 1))),
            ], to: original.streamID)
        // A reply queued after it in the same conversation is handled after it.
        let next = UUID()
        try await harness.log.append([try queued(next)], to: original.streamID)
        _ = try await harness.waitForEvent { event in
            event.type == OutboundDelivered.eventType
                && (try? EventPayloadCoding.decode(OutboundDelivered.self, from: event.payload).outboundID) == next
        }
        #expect(await harness.telegram.recorder.calls(to: "sendMessage").count == 2)
        let attempts = try await harness.allEvents().filter { $0.type == OutboundAttemptStarted.eventType }
        #expect(attempts.count == 3)
        await harness.stop()
    }

    /// The consumer tells handlers which events no worker can have seen: those committed after it
    /// began reading. Those before it (work a crashed process or an earlier lease holder may have
    /// done) are marked as possibly handled. A lease lost and taken again counts as a new acquisition
    /// and starts a new reading, so nothing learnt before the break carries over.
    @Test func eventsCommittedBeforeTheReaderBeganArePossiblyHandled() async throws {
        let database = try await TestPostgres.freshDatabase("handlinghistory")
        let log = EventLog(pool: database.applicationPool(maximumConnections: 4))
        let conversation = ConversationID.make(
            channel: .telegram, account: "1", platformChatID: "9", pseudonymKey: .init(data: Data(repeating: 7, count: 32)))
        let type = "test.noted"
        func note() async throws { try await log.append([NewEvent(type: type, payload: Data("{}".utf8))], to: conversation.streamID) }
        try await note()

        let seen = Mutex<[(version: Int64, handling: PartitionedConsumer.Handling)]>([])
        let leases = PartitionLeases(
            role: .delivery, partitions: 2, configuration: database.applicationConfiguration, interval: .milliseconds(100))
        let consumer = PartitionedConsumer(log: log, leases: leases, role: .delivery, types: [type], concurrency: 4) { event, handling in
            seen.withLock { $0.append((event.streamVersion, handling)) }
        }
        let running = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await leases.run() }
                group.addTask { await consumer.run() }
            }
        }
        defer { running.cancel() }
        try await Self.wait { seen.withLock { $0.count } == 1 }
        try await note()
        try await Self.wait { seen.withLock { $0.count } == 2 }
        var handled = seen.withLock { $0 }
        #expect(handled.map(\.version) == [1, 2])
        #expect(handled.map(\.handling.history) == [.possiblyHandled, .unhandled])
        #expect(handled[0].handling.reading != nil && handled[0].handling.reading == handled[1].handling.reading)
        #expect(leases.holding.acquisitions == 2)

        // The lease session dies: Postgres releases both partitions, and they are taken again.
        let superuser = try await database.superuserConnection()
        try await superuser.query(
            "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::int8::oid",
            [.int64(Int64(WorkerRole.delivery.lockClass))])
        try await Self.wait { leases.holding.acquisitions == 4 && leases.owned.count == 2 }
        try await note()
        try await Self.wait { seen.withLock { $0.count } == 3 }
        handled = seen.withLock { $0 }
        #expect(handled[2].version == 3)
        // Handed over by the new reading, or by the old one before it stopped (then with no reading).
        #expect(handled[2].handling.reading != handled[1].handling.reading)
    }

    static func wait(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out")
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
