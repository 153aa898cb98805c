import ConversationContextReadModel
import EventLog
import Foundation
import Postgres
import ProjectionBenchmark
import ReadModelCatalog
import ProjectorEngine
import SwitchboardTestSupport
import Testing

@Suite struct RebuildTests {
    /// A mixed workload projected live; a rebuild of all four read models runs while more is appended
    /// and swaps under load; once everything is caught up, a quiescent rebuild from 0 must produce the
    /// same rows, table by table, as the live copies.
    @Test func rebuiltReadModelsEqualTheLiveOnes() async throws {
        let harness = try await ProjectionHarness.make("rebuild")
        let workload = SyntheticWorkload(conversations: 40, erasureEvery: 60)
        try await workload.generate(events: 1500, into: harness.log, concurrency: 8)
        let projectors = try ReadModelCatalog.projectors(windowSize: 5)
        let runners = try projectors.map { try harness.runner($0, batchSize: 97) }
        let tasks = runners.map { runner in Task { try await runner.run() } }
        try await harness.waitUntilCaughtUp(runners)

        // A rebuild writes its copy without the read indexes, and some tables unlogged, and completes
        // it before the swap: the swapped-in copies must have every index a fresh install has, and
        // every table logged (an unlogged table would be emptied by a crash).
        var installedIndexes: [String: [String]] = [:]
        for projector in projectors {
            installedIndexes[projector.name] = try await indexes(in: "projection_\(projector.name)", on: harness.owner)
        }
        #expect(installedIndexes["audit"]?.contains { $0.hasPrefix("rm_audit_actor:") } == true)

        // Rebuild while the log keeps growing and the live runners keep projecting.
        let writer = Task { try await workload.generate(events: 1500, into: harness.log, concurrency: 4, startingAt: 100_000) }
        for projector in projectors {
            let outcome = try await ProjectionRebuild(projector: projector, log: harness.log, database: harness.projectorDatabase, batchSize: 113).run()
            #expect(outcome.events > 0)
            #expect(outcome.writing > .zero && outcome.completing > .zero && outcome.writing + outcome.completing <= outcome.duration)
            #expect(try await indexes(in: "projection_\(projector.name)", on: harness.owner) == installedIndexes[projector.name])
            #expect(try await unloggedTables(in: "projection_\(projector.name)", on: harness.owner).isEmpty)
            // Vacuumed and analyzed before the swap, so autovacuum does not scan it whole right after.
            let unvacuumed = try await harness.owner.query(
                "SELECT count(*)::bigint FROM pg_stat_user_tables WHERE schemaname = $1 AND (last_vacuum IS NULL OR last_analyze IS NULL)",
                [.text("projection_\(projector.name)")])
            #expect(try unvacuumed[0].decode(Int64.self, at: 0) == 0, "read model \(projector.name)")
        }
        _ = try await writer.value
        try await harness.waitUntilCaughtUp(runners)

        var live: [String: [String: String]] = [:]
        for projector in projectors {
            live[projector.name] = try await harness.checksums(schema: "projection_\(projector.name)")
        }
        // Rebuild all four again from one reader (as `rebuild --all` and the benchmark do).
        let outcomes = try await ProjectionRebuildSet(
            projectors: projectors, log: harness.log, database: harness.projectorDatabase, batchSize: 1000
        ).run()
        #expect(outcomes.map(\.projector) == projectors.map(\.name))
        // Where each one's time went: its batches and its completion, both within the time to the swap.
        for outcome in outcomes {
            #expect(outcome.writing > .zero && outcome.completing > .zero, "read model \(outcome.projector)")
            #expect(outcome.writing + outcome.completing <= outcome.duration, "read model \(outcome.projector)")
        }
        // The four swapped in one transaction: their install times are that transaction's start time.
        let swapTimes = try await harness.owner.query(
            "SELECT count(DISTINCT installed_at)::bigint, count(*)::bigint FROM projection_shared.installed_projectors WHERE projector = ANY($1)",
            [.textArray(projectors.map(\.name))])
        #expect(try swapTimes[0].decode(Int64.self, at: 0) == 1)
        #expect(try swapTimes[0].decode(Int64.self, at: 1) == Int64(projectors.count))
        for projector in projectors {
            let rebuilt = try await harness.checksums(schema: "projection_\(projector.name)")
            #expect(rebuilt == live[projector.name], "read model \(projector.name)")
            #expect(rebuilt.count >= 2)
            #expect(try await indexes(in: "projection_\(projector.name)", on: harness.owner) == installedIndexes[projector.name])
            #expect(try await unloggedTables(in: "projection_\(projector.name)", on: harness.owner).isEmpty)
        }
        // The runners kept going across the swaps and still follow the log.
        try await harness.log.append([NewEvent(type: "test.after", payload: Data("{}".utf8))], to: "test-after")
        try await harness.waitUntilCaughtUp(runners)
        for task in tasks { task.cancel() }
        for task in tasks { try await task.value }
        let leftovers = try await harness.owner.query(
            "SELECT count(*)::bigint FROM pg_namespace WHERE nspname LIKE 'projection\\_%\\_build' OR nspname LIKE 'projection\\_%\\_retired'")
        #expect(try leftovers[0].decode(Int64.self, at: 0) == 0)
    }

    /// A rebuilding conversation_context holds its rows back and writes them when the copy is
    /// completed, or whenever it holds more than its capacity. Either way the copy must equal the live
    /// one, erasures included: with everything held, the rows an erasure purges exist only in memory
    /// (the copy's table is still empty); with a capacity of 7 of 30 conversations, rows are written
    /// mid-rebuild and held again.
    @Test(arguments: [50_000, 7]) func heldBackConversationsEqualTheLiveOnes(heldCapacity: Int) async throws {
        let harness = try await ProjectionHarness.make("held")
        try await SyntheticWorkload(conversations: 30, erasureEvery: 25).generate(events: 1200, into: harness.log, concurrency: 4)
        let live = try ConversationContextProjector(windowSize: 4)
        let runner = try harness.runner(live, batchSize: 97)
        let task = Task { try await runner.run() }
        try await harness.waitUntilCaughtUp([runner])
        let before = try await harness.checksums(schema: "projection_conversation_context")
        #expect(before["rm_conversation_messages"]?.hasSuffix(":0") == false)
        let erasures = try await harness.owner.query(
            "SELECT count(*)::bigint FROM projection_shared.erasure_completions WHERE read_model = 'conversation_context'")
        #expect(try erasures[0].decode(Int64.self, at: 0) >= 2)

        let rebuilding = try ConversationContextProjector(windowSize: 4, heldCapacity: heldCapacity)
        try await ProjectionRebuild(projector: rebuilding, log: harness.log, database: harness.projectorDatabase, batchSize: 50).run()
        #expect(try await harness.checksums(schema: "projection_conversation_context") == before)
        task.cancel()
        try await task.value
    }

    /// When one projector of a set rejects an event, the set fails with its error, drops every build
    /// copy (the other projector's too) and swaps nothing in.
    @Test(.timeLimit(.minutes(1))) func oneProjectorFailingStopsTheWholeSet() async throws {
        let harness = try await ProjectionHarness.make("rebuildfail")
        // 3,000 events in 50 appends (one per stream): 3,000 single appends, each waiting for its flush,
        // took most of the test's minute on a loaded machine.
        for stream in 0..<50 {
            let events = stride(from: stream, to: 3000, by: 50).map { index in
                index == 2000 ? NewEvent(type: "test.poison", payload: Data("{}".utf8)) : .counted(index)
            }
            try await harness.log.append(events, to: "s-\(stream)")
        }
        // A rebuild reads only up to the barrier and, correctly, swaps in there: wait until it is past the log.
        try await harness.log.waitUntilReadable()
        let healthy = try CountingProjector(name: "healthy")
        healthy.healed.store(true, ordering: .relaxed)
        let failing = try CountingProjector(name: "failing")
        let error = await #expect(throws: ProjectorError.self) {
            try await ProjectionRebuildSet(projectors: [healthy, failing], log: harness.log, database: harness.projectorDatabase, batchSize: 100).run()
        }
        #expect(error?.code == .unhandledEvent)
        #expect(error?.projector == "failing")
        let schemas = try await harness.owner.query(
            "SELECT count(*)::bigint FROM pg_namespace WHERE nspname IN ('projection_healthy', 'projection_failing', 'projection_healthy_build', 'projection_failing_build')")
        #expect(try schemas[0].decode(Int64.self, at: 0) == 0)
    }

    /// Each index of `schema` as `name: definition`, the schema's name left out, sorted.
    func indexes(in schema: String, on connection: PostgresConnection) async throws -> [String] {
        let result = try await connection.query(
            "SELECT indexname || ': ' || replace(indexdef, $1 || '.', '') FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname",
            [.text(schema)])
        return try result.rows.map { try $0.decode(String.self, at: 0) }
    }

    /// The unlogged tables of `schema`.
    func unloggedTables(in schema: String, on connection: PostgresConnection) async throws -> [String] {
        let result = try await connection.query(
            "SELECT c.relname::text FROM pg_class c WHERE c.relnamespace = to_regnamespace($1) AND c.relpersistence = 'u'", [.text(schema)])
        return try result.rows.map { try $0.decode(String.self, at: 0) }
    }
}
