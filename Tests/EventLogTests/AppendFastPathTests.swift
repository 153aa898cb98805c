import Foundation
import Postgres
import SwitchboardTestSupport
import Testing

@testable import EventLog

@Suite("Event log appends: the fast path")
struct AppendFastPathTests {
    @Test("the fast statement writes a whole batch in event order, or nothing when a head is stale or an event is stored")
    func allOrNothing() async throws {
        let database = try await TestPostgres.freshDatabase("fastpath")
        let log = database.eventLog()
        defer { log.shutdown() }
        let stored = NewEvent(type: "a.happened", payload: payload("stored"))
        try await log.append([stored], to: "s-dup", expected: .noStream)
        try await log.append([NewEvent(type: "a.happened", payload: payload("adv"))], to: "s-adv", expected: .noStream)
        let connection = try await database.superuserConnection()
        func head(_ stream: String) async throws -> (version: Int64, hash: [UInt8])? {
            let rows = try await connection.query("SELECT version, last_hash FROM streams WHERE stream_id = $1", [.text(stream)])
            return rows.rowCount == 0 ? nil : (try rows[0].decode(Int64.self, at: 0), try rows[0].decode([UInt8].self, at: 1))
        }

        // Every head moves: one position per event, in the batch's event order.
        let written = [UUID(), UUID(), UUID()]
        let advHash = try #require(try await head("s-adv")).hash
        let result = try await connection.query(
            AppendProposal.fastSQL,
            ProposedAppend.arguments([
                ProposedAppend(stream: "s-new", base: 0, previous: nil, ids: [written[0], written[1]]),
                ProposedAppend(stream: "s-adv", base: 1, previous: advHash, ids: [written[2]]),
            ]))
        let positions = try result.rows.map { try $0.decode(Int64.self, at: 0) }
        #expect(positions.count == 3)
        for (id, position) in zip(written, positions) {
            let row = try await connection.query("SELECT global_position FROM events WHERE event_id = $1", [.uuid(id)])
            #expect(try row[0].decode(Int64.self, at: 0) == position)
        }
        #expect(positions == positions.sorted())
        #expect(try await head("s-new")?.version == 2)
        #expect(try await head("s-adv")?.version == 2)
        let before = try await count(database)

        // One head stale (s-adv is at 2, not 1): the statement fails whole, the new stream too.
        let stale = await #expect(throws: PostgresError.self) {
            try await connection.query(
                AppendProposal.fastSQL,
                ProposedAppend.arguments([
                    ProposedAppend(stream: "s-other", base: 0, previous: nil, ids: [UUID()]),
                    ProposedAppend(stream: "s-adv", base: 1, previous: advHash, ids: [UUID()]),
                ]))
        }
        #expect(stale?.sqlState == AppendProposal.headsNotMoved)
        // A stream that exists proposed as new is stale the same way.
        let existing = await #expect(throws: PostgresError.self) {
            try await connection.query(AppendProposal.fastSQL, ProposedAppend.arguments([ProposedAppend(stream: "s-dup", base: 0, previous: nil, ids: [UUID()])]))
        }
        #expect(existing?.sqlState == AppendProposal.headsNotMoved)
        // An event id already stored: the unique index refuses it, the head move is undone.
        let duplicate = await #expect(throws: PostgresError.self) {
            try await connection.query(AppendProposal.fastSQL, ProposedAppend.arguments([ProposedAppend(stream: "s-third", base: 0, previous: nil, ids: [stored.id])]))
        }
        #expect(duplicate?.sqlState == PostgresError.SQLState.uniqueViolation)
        #expect(try await count(database) == before)
        #expect(try await head("s-other") == nil)
        #expect(try await head("s-third") == nil)
        #expect(try await head("s-adv")?.version == 2)
    }

    @Test("appends through logs whose cached heads are stale, and re-appends of stored events, get their outcomes through the batch function")
    func staleHeadsFallBack() async throws {
        let database = try await TestPostgres.freshDatabase("fastfallback")
        let first = database.eventLog()
        let second = database.eventLog()
        defer {
            first.shutdown()
            second.shutdown()
        }
        // Each log caches the head it wrote, so every turn the other log's cache is one step behind.
        var expectedVersion: Int64 = 0
        for turn in 0..<6 {
            let log = turn.isMultiple(of: 2) ? first : second
            let result = try await log.append(
                [NewEvent(type: "a.happened", payload: payload("\(turn)")), NewEvent(type: "b.happened", payload: payload("\(turn)"))],
                to: "conversation-shared")
            expectedVersion += 2
            #expect(result.streamVersion == expectedVersion)
            #expect(result.lastPosition > result.firstPosition)
        }
        let again = [NewEvent(type: "a.happened", payload: payload("again"))]
        let original = try await first.append(again, to: "conversation-shared")
        let retried = try await second.append(again, to: "conversation-shared")
        #expect(retried.wasDuplicate && retried.firstPosition == original.firstPosition)
        #expect(try await first.streamVersion("conversation-shared") == expectedVersion + 1)
        #expect(try await count(database) == expectedVersion + 1)
        #expect(try await HashChainVerifier(pool: first.pool).verify().isIntact)
        // The second log's first append, proposed as a new stream, was refused by the fast
        // statement and written by the batch function (later ones may skip the fast path).
        #expect(second.appendFallbacks >= 1)
    }

    @Test("many concurrent appends to one stream all land, each at its own version, none proposing a stale head, and the chain verifies")
    func concurrentAppendsToOneStream() async throws {
        let database = try await TestPostgres.freshDatabase("onestream")
        let log = database.eventLog()
        defer { log.shutdown() }
        let versions = try await withThrowingTaskGroup(of: Int64.self) { group in
            for index in 0..<200 {
                group.addTask {
                    try await log.append([NewEvent(type: "a.happened", payload: payload("\(index)"))], to: "conversation-busy").streamVersion
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(versions.sorted() == Array(1...200))
        // Each append waited for the batch holding its stream, so no proposed head was stale.
        #expect(log.appendFallbacks == 0)
        #expect(try await log.streamVersion("conversation-busy") == 200)
        #expect(try await HashChainVerifier(pool: log.pool).verify().isIntact)
    }

    @Test("after a batch the fast path could not take, a writer skips it for twice as many batches as the time before, up to 64")
    func gateBacksOff() {
        var gate = FastPathGate()
        let fresh = gate.admits()
        #expect(fresh)
        var skipped: [Int] = []
        for _ in 0..<8 {
            gate.failed()
            var count = 0
            while !gate.admits() { count += 1 }
            skipped.append(count)
        }
        #expect(skipped == [1, 2, 4, 8, 16, 32, 64, 64])
        gate.succeeded()
        gate.failed()
        let afterReset = [gate.admits(), gate.admits()]
        #expect(afterReset == [false, true])
    }
}
