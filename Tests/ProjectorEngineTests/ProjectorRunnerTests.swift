import EventLog
import Foundation
import Postgres
import ProjectorEngine
import ReadModels
import SwitchboardTestSupport
import Testing

@Suite struct ProjectorRunnerTests {
    private func count(_ harness: ProjectionHarness, _ name: String) async throws -> (rows: Int64, n: Int64) {
        let rows = try await harness.owner.query("SELECT count(*)::bigint FROM projection_\(name).rm_counted")
        let n = try await harness.owner.query("SELECT coalesce(max(n), 0)::bigint FROM projection_\(name).rm_count")
        return (try rows[0].decode(Int64.self, at: 0), try n[0].decode(Int64.self, at: 0))
    }

    @Test func stopsOnAnUnhandledEventWithNeitherRowsNorCheckpointThenResumesOnceFixed() async throws {
        let harness = try await ProjectionHarness.make("runnerpoison")
        let projector = try CountingProjector()
        var events = (0..<4).map(NewEvent.counted)
        events.append(NewEvent(type: "test.poison", payload: Data("{}".utf8)))
        events += (4..<8).map(NewEvent.counted)
        let appended = try await harness.log.append(events, to: "test-1")
        let runner = try harness.runner(projector)
        let error = await #expect(throws: ProjectorError.self) { try await runner.run() }
        #expect(error?.code == .unhandledEvent)
        #expect(error?.eventType == "test.poison")
        #expect(error?.position?.globalPosition == appended.firstPosition + 4)
        #expect("\(error!)".contains("test.poison") && "\(error!)".contains("position \(appended.firstPosition + 4)"))
        #expect(runner.metrics.state == .stopped)
        // The batch's rows were written before the failure; none survived, nor did a checkpoint.
        #expect(try await count(harness, projector.name) == (0, 0))
        let checkpoints = try await harness.owner.query("SELECT global_position FROM projection_counting.rm_checkpoints")
        #expect(try checkpoints.rowCount == 1 && checkpoints[0].decode(Int64.self, at: 0) == 0)  // still at the start

        projector.healed.store(true, ordering: .relaxed)
        try await harness.project(with: try harness.runner(projector))
        #expect(try await count(harness, projector.name) == (9, 9))
    }

    /// A new schema version is rebuilt from the start of the log and swapped in by the runner itself;
    /// the old copy served reads until then, and projecting continues on the new one.
    @Test func rebuildsTheReadModelWhenItsSchemaVersionChanges() async throws {
        let harness = try await ProjectionHarness.make("runnerschema")
        let first = try CountingProjector()
        first.healed.store(true, ordering: .relaxed)
        try await harness.log.append((0..<30).map(NewEvent.counted), to: "test-a")
        try await harness.project(with: try harness.runner(first, batchSize: 8))
        #expect(try await count(harness, first.name) == (30, 30))

        try await harness.log.append((30..<45).map(NewEvent.counted), to: "test-b")
        let second = try CountingProjector(version: 2)
        second.healed.store(true, ordering: .relaxed)
        let runner = try harness.runner(second, batchSize: 8)
        let task = Task { try await runner.run() }
        try await harness.waitUntilCaughtUp([runner])
        // Every event once, in the new shape, and the new version recorded.
        #expect(try await count(harness, second.name) == (45, 45))
        let streams = try await harness.owner.query(
            "SELECT count(*)::bigint FROM projection_counting.rm_counted WHERE stream_id IN ('test-a', 'test-b')")
        #expect(try streams[0].decode(Int64.self, at: 0) == 45)
        let installed = try await harness.owner.query(
            "SELECT schema_version FROM projection_shared.installed_projectors WHERE projector = 'counting'")
        #expect(try installed[0].decode(Int32.self, at: 0) == 2)
        // It keeps projecting on the new copy.
        try await harness.log.append((45..<50).map(NewEvent.counted), to: "test-c")
        try await harness.waitUntilCaughtUp([runner])
        #expect(try await count(harness, second.name) == (50, 50))
        #expect(runner.metrics.state == .active)
        task.cancel()
        try await task.value
    }

    @Test func resumesAfterRestartWithoutApplyingTwice() async throws {
        let harness = try await ProjectionHarness.make("runnerresume")
        let projector = try CountingProjector()
        projector.healed.store(true, ordering: .relaxed)
        for batch in 0..<5 {
            try await harness.log.append((0..<20).map { NewEvent.counted(batch * 20 + $0) }, to: "test-\(batch)")
        }
        // Small batches so the restart happens between many commits.
        let first = try harness.runner(projector, batchSize: 7)
        try await harness.project(with: first)
        #expect(try await count(harness, projector.name) == (100, 100))
        let stopped = first.metrics.position

        for batch in 5..<8 {
            try await harness.log.append((0..<20).map { NewEvent.counted(batch * 20 + $0) }, to: "test-\(batch)")
        }
        let second = try harness.runner(projector, batchSize: 7)
        try await harness.project(with: second)
        #expect(try await count(harness, projector.name) == (160, 160))
        #expect(second.metrics.position > stopped)
        #expect(second.metrics.eventsApplied == 60)
    }

    /// Events the projector does not handle move the runner on without a transaction of their own:
    /// the stored checkpoint passes them with the next batch that writes rows, or once the log is quiet.
    @Test func storesTheCheckpointPastUnhandledEventsWithTheNextRowsOrOnceQuiet() async throws {
        let harness = try await ProjectionHarness.make("runnerdefer")
        let projector = try CountingProjector()
        projector.healed.store(true, ordering: .relaxed)
        let ignored = { (n: Int) in (0..<n).map { _ in NewEvent(type: "test.ignored", payload: Data("{}".utf8)) } }
        try await harness.log.append((0..<5).map(NewEvent.counted), to: "test-a")
        // Long enough that the log is not found quiet while the test looks (other tests' transactions
        // in the cluster can hold a commit back, and then only the poll sees it).
        var waiting = ProjectionHarness.fastRunner
        waiting.checkpointDeferral = .seconds(600)
        waiting.idlePollInterval = .seconds(5)
        let runner = try ProjectorRunner(projector: projector, log: harness.log, database: harness.projectorDatabase, configuration: waiting)
        let task = Task { try await runner.run() }
        try await harness.waitUntilCaughtUp([runner])
        let stored = try await harness.storedCheckpoint(of: runner)

        try await harness.log.append(ignored(3), to: "other-a")
        let passed = try await harness.head()
        try await harness.waitFor("the runner past the ignored events", timeout: .seconds(30)) { runner.metrics.position >= passed }
        #expect(try await harness.storedCheckpoint(of: runner) == stored)

        try await harness.log.append([NewEvent.counted(5)], to: "test-b")
        try await harness.waitUntilCaughtUp([runner])
        #expect(try await count(harness, projector.name) == (6, 6))
        task.cancel()
        try await task.value

        // With a short idle poll, a quiet log gets the deferred checkpoint stored.
        var quiet = ProjectionHarness.fastRunner
        quiet.checkpointDeferral = .seconds(600)
        let second = try ProjectorRunner(projector: projector, log: harness.log, database: harness.projectorDatabase, configuration: quiet)
        let secondTask = Task { try await second.run() }
        try await harness.log.append(ignored(4), to: "other-b")
        let head = try await harness.head()
        try await harness.waitFor("the checkpoint stored past the ignored events", timeout: .seconds(30)) { try await harness.storedCheckpoint(of: second) == head }
        #expect(try await count(harness, projector.name) == (6, 6))
        secondTask.cancel()
        try await secondTask.value
    }

    @Test func anotherInstanceTakesOverWhenTheLeaseConnectionDies() async throws {
        let harness = try await ProjectionHarness.make("runnerlease")
        let projector = try CountingProjector()
        projector.healed.store(true, ordering: .relaxed)
        try await harness.log.append((0..<10).map(NewEvent.counted), to: "test-a")
        let a = try harness.runner(projector)
        let b = try harness.runner(projector)
        let taskA = Task { try await a.run() }
        try await harness.waitFor("a active") { a.metrics.state == .active }
        let taskB = Task { try await b.run() }
        try await harness.waitUntilCaughtUp([a])
        try await Task.sleep(for: .milliseconds(500))
        #expect(a.metrics.state == .active && b.metrics.state == .waitingForLease)

        // The holder's process "dies": its lease connection is terminated by the server.
        let pid = try #require(a.metrics.leaseBackendPID)
        try await harness.owner.query("SELECT pg_terminate_backend($1)", [.int32(pid)])
        taskA.cancel()
        let takeoverStart = ContinuousClock.now
        try await harness.waitFor("b takes over", timeout: .seconds(5)) { b.metrics.state == .active }
        #expect(ContinuousClock.now - takeoverStart < .seconds(5))

        try await harness.log.append((10..<30).map(NewEvent.counted), to: "test-b")
        try await harness.waitUntilCaughtUp([b])
        #expect(try await count(harness, projector.name) == (30, 30))
        _ = try? await taskA.value
        taskB.cancel()
        try await taskB.value
    }

    /// While the cores are saturated, batches start at most once per `saturatedBatchInterval`;
    /// otherwise once per `batchInterval`.
    @Test func gathersLargerBatchesWhileTheCoresAreSaturated() async throws {
        let harness = try await ProjectionHarness.make("runnerpressure")
        func project(saturated: Bool) async throws -> (batches: Int, seconds: Double) {
            let projector = try CountingProjector(name: saturated ? "saturated" : "spare")
            projector.healed.store(true, ordering: .relaxed)
            var configuration = ProjectionHarness.fastRunner
            configuration.batchInterval = .milliseconds(10)
            configuration.saturatedBatchInterval = .milliseconds(300)
            let started = ContinuousClock.now
            // Every reading says a thread waited for a core all the time, or never.
            configuration.cpuPressure = CPUPressure(every: .milliseconds(5)) {
                saturated ? UInt64((ContinuousClock.now - started) / .microseconds(1)) : 0
            }
            let runner = try ProjectorRunner(
                projector: projector, log: harness.log, database: harness.projectorDatabase, configuration: configuration)
            let task = Task { try await runner.run() }
            for index in 0..<120 {
                try await harness.log.append([NewEvent.counted(index)], to: saturated ? "test-saturated" : "test-spare")
                try await Task.sleep(for: .milliseconds(10))
            }
            try await harness.waitUntilCaughtUp([runner])
            let seconds = Double((ContinuousClock.now - started) / .milliseconds(1)) / 1000
            task.cancel()
            try await task.value
            #expect(try await count(harness, projector.name).rows == Int64(saturated ? 120 : 240))
            return (projector.batches.load(ordering: .relaxed), seconds)
        }
        let saturated = try await project(saturated: true)
        // One batch per 300 ms at most, and up to two more before the first share is known.
        #expect(saturated.batches <= Int(saturated.seconds / 0.3) + 3, "\(saturated)")
        let spare = try await project(saturated: false)
        #expect(spare.batches >= 20, "\(spare)")
    }

    @Test func reportsPositionLagAndThroughput() async throws {
        let harness = try await ProjectionHarness.make("runnermetrics")
        let projector = try CountingProjector()
        projector.healed.store(true, ordering: .relaxed)
        try await harness.log.append((0..<50).map(NewEvent.counted), to: "test-m")
        let runner = try harness.runner(projector, batchSize: 10)
        #expect(runner.metrics.state == .waitingForLease)
        let task = Task { try await runner.run() }
        try await harness.waitUntilCaughtUp([runner])
        let metrics = runner.metrics
        #expect(metrics.state == .active)
        #expect(metrics.position == (try await harness.head()))
        #expect(metrics.eventsApplied == 50)
        #expect(metrics.eventsPerSecond > 0)
        #expect(metrics.lagEvents == 0)
        task.cancel()
        try await task.value
    }
}
