import EventLog
import Foundation
import Postgres
@testable import ProjectorEngine
import SwitchboardTestSupport
import Testing

@Suite struct ProjectionBatchTests {
    @Test("a batch whose stored checkpoint moved writes nothing and says where it is; from the stored one it commits")
    func checkpointFence() async throws {
        let harness = try await ProjectionHarness.make("batchfence")
        let projector = try CountingProjector()
        try await harness.log.append((0..<3).map(NewEvent.counted), to: "test-1")
        try await harness.project(with: try harness.runner(projector))
        let stored = try await harness.head()
        try await harness.log.append((3..<5).map(NewEvent.counted), to: "test-1")
        // Other sessions on the shared test cluster can briefly hold back what reads see.
        var events: [RecordedEvent] = []
        try await harness.waitFor("the two new events readable") {
            events = try await harness.log.readAll(after: stored, limit: 100)
            return events.count == 2
        }
        let through = try #require(events.last?.position)

        let connection = try await PostgresConnection.connect(harness.projectorDatabase)
        let batch = ProjectionBatch(projector: projector, schema: "projection_counting", fencedBy: nil)
        let error = await #expect(throws: ProjectorError.self) {
            try await batch.commit(events, through: through, expected: .start, on: connection)
        }
        #expect(error?.code == .checkpointMoved)
        #expect(error?.message.contains("stored checkpoint of counting is (\(stored.transaction), \(stored.globalPosition))") == true)
        let rows = "SELECT count(*)::bigint, max(n)::bigint FROM projection_counting.rm_counted, projection_counting.rm_count"
        #expect(try await harness.owner.query(rows)[0].decode(Int64.self, at: 0) == 3)
        let checkpoint = "SELECT global_position FROM projection_counting.rm_checkpoints WHERE projector = 'counting'"
        #expect(try await harness.owner.query(checkpoint)[0].decode(Int64.self, at: 0) == stored.globalPosition)

        // The connection is usable again, and the batch commits from the stored checkpoint.
        try await batch.commit(events, through: through, expected: stored, on: connection)
        let after = try await harness.owner.query(rows)
        #expect(try after[0].decode(Int64.self, at: 0) == 5 && after[0].decode(Int64.self, at: 1) == 5)
        #expect(try await harness.owner.query(checkpoint)[0].decode(Int64.self, at: 0) == through.globalPosition)
    }
}
