import EventLog
import Foundation
import Messaging
import Postgres
import ProjectionBenchmark
import Testing

@testable import ConversationContextReadModel
@testable import ProjectorEngine

/// Context rows go to Postgres and come back whole: one statement upserts every row of a batch, its
/// lists (participants, pending outbound ids) bound per row, so lists of every length side by side,
/// and strings that need quoting, must land on their own rows unchanged.
@Suite struct ConversationContextRowsTests {
    static let t0 = Date(timeIntervalSince1970: 1_714_557_600.25)

    static func row(_ index: Int, participants: [String], pending: [UUID], state: ConversationState = .open) -> ConversationContext {
        ConversationContext(
            conversationID: SyntheticWorkload.conversation(index), channel: .telegram,
            accountID: "bot1", participants: participants, assignedAgentID: index.isMultiple(of: 2) ? "support" : nil, state: state,
            inboundCount: index, outboundCount: index * 2, lastActivityAt: t0.addingTimeInterval(Double(index)),
            pendingOutboundIDs: pending, lastInboundPosition: Int64(index * 10), lastOutboundPosition: nil,
            appliedThrough: LogPosition(transaction: 900 + UInt64(index), globalPosition: Int64(index * 10 + 1)))
    }

    @Test func listsOfEveryLengthComeBackOnTheirOwnRows() async throws {
        let harness = try await ProjectionHarness.make("context_rows")
        let projector = try ConversationContextProjector()
        try await ProjectionInstaller.install(projector, on: harness.owner)
        let schema = try ProjectionNamespace(projector: projector.name).live
        // The read model's schema is on the search path for one transaction at a time, as in the runner.
        func inSchema<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
            try await harness.owner.transaction { connection in
                try await ProjectionCheckpoint.usingSchema(schema, on: connection)
                return try await body(connection)
            }
        }

        let ids = (0..<5).map { _ in UUID() }
        let odd = "s_\"quoted\\slash,comma {brace} \u{1}"
        let first = [
            Self.row(1, participants: [], pending: []),
            Self.row(2, participants: ["s_a"], pending: [ids[0], ids[1]]),
            Self.row(3, participants: ["s_b", odd, "s_c"], pending: []),
            Self.row(4, participants: [], pending: [ids[2]]),
            Self.row(5, participants: ["s_d", "s_e"], pending: [ids[3], ids[4], ids[0]], state: .waiting),
        ]
        try await inSchema { connection in ConversationContextRows.upsert(first, previous: [:], on: connection) }
        let stored = try await inSchema { try await ConversationContextRows.load(Set(first.map(\.conversationID)), on: $0) }
        #expect(stored.count == first.count)
        for row in first { #expect(stored[row.conversationID] == row) }

        // An update grows one row's lists, empties another's, and leaves a row it does not name alone.
        var changed = [first[1], first[2]]
        changed[0].participants += ["s_f", "s_g"]
        changed[0].pendingOutboundIDs = []
        changed[1].participants = []
        changed[1].pendingOutboundIDs = [ids[4]]
        try await inSchema { connection in
            ConversationContextRows.upsert(changed, previous: Dictionary(uniqueKeysWithValues: first.map { ($0.conversationID, $0) }), on: connection)
        }
        let updated = try await inSchema { try await ConversationContextRows.load(Set(first.map(\.conversationID)), on: $0) }
        #expect(updated[changed[0].conversationID] == changed[0])
        #expect(updated[changed[1].conversationID] == changed[1])
        for row in [first[0], first[3], first[4]] { #expect(updated[row.conversationID] == row) }

        // A statement whose rows all have empty lists.
        var alone = first[3]
        alone.pendingOutboundIDs = []
        alone.inboundCount += 1
        try await inSchema { connection in
            ConversationContextRows.upsert([alone], previous: [first[3].conversationID: first[3]], on: connection)
        }
        #expect(try await inSchema { try await ConversationContextRows.load([alone.conversationID], on: $0) }[alone.conversationID] == alone)
    }
}
