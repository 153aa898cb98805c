import EventLog
import Foundation
import Postgres
import ProjectorEngine
import ReadModels
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The thread a task runs on, as the kernel sees it: its nice value and name.
struct ThreadPriority: Equatable, Sendable {
    var niceness: Int32
    var name: String

    static var current: ThreadPriority {
        // getpriority may return -1 legitimately; errno tells an error apart.
        errno = 0
        let niceness = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        let name = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
        return ThreadPriority(niceness: errno == 0 ? niceness : Int32.min, name: name.trimmingCharacters(in: .newlines))
    }

    /// Every thread of this process, as the kernel sees it.
    static var all: [ThreadPriority] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.compactMap { task in
            guard let name = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8),
                let stat = try? String(contentsOfFile: "/proc/self/task/\(task)/stat", encoding: .utf8),
                // Fields after the name in parentheses: state is the first, nice the 17th.
                let fields = stat.split(separator: ")").last?.split(separator: " "), fields.count > 16, let niceness = Int32(fields[16])
            else { return nil }
            return ThreadPriority(niceness: niceness, name: name.trimmingCharacters(in: .newlines))
        }
    }

    /// How many of this process's threads are named `name`.
    static func threads(named name: String) -> Int {
        all.filter { $0.name == name }.count
    }
}

@Suite struct BackgroundExecutorTests {
    @Test func runsItsTasksOnItsOwnThreadAtItsNiceValueAcrossSuspensions() async throws {
        let executor = BackgroundExecutor(name: "sb-test-nice7", niceness: 7)
        defer { executor.stop() }
        let outside = ThreadPriority.current
        let (before, after) = await Task(executorPreference: executor) {
            let before = ThreadPriority.current
            // A suspension that resumes from another thread (a timer) comes back to the executor.
            try? await Task.sleep(for: .milliseconds(20))
            return (before, ThreadPriority.current)
        }.value
        #expect(outside.niceness == 0)
        #expect(before == ThreadPriority(niceness: 7, name: "sb-test-nice7"))
        #expect(after == before)
    }

    @Test func aStoppedExecutorsThreadEndsAndLaterTasksRunElsewhere() async throws {
        let executor = BackgroundExecutor(name: "sb-test-stop", niceness: 5)
        #expect(await Task(executorPreference: executor) { ThreadPriority.current.niceness }.value == 5)
        executor.stop()
        try await waitUntil("the stopped executor's thread ends") { ThreadPriority.threads(named: "sb-test-stop") == 0 }
        // Not lost: the task runs, at the process's priority. Polled rather than awaited, so a job the
        // executor dropped fails the test instead of hanging it.
        let seen = SeenPriority()
        Task(executorPreference: executor) { seen.value.withLock { $0 = ThreadPriority.current } }
        try await waitUntil("the task given to the stopped executor runs") { seen.value.withLock { $0 != nil } }
        #expect(seen.value.withLock { $0?.niceness } == 0)
    }

    /// The projection service runs each projector below the message path: the projector's own work
    /// (its fold, here) happens on a thread at the configured nice value, one per projector and named
    /// after it, and the threads end with the service.
    @Test func theProjectionServiceRunsEachProjectorOnALowerPriorityThread() async throws {
        let harness = try await ProjectionHarness.make("servicenice")
        let first = try PriorityRecordingProjector(name: "priority_a")
        let second = try PriorityRecordingProjector(name: "priority_b")
        try await harness.log.append((0..<10).map(NewEvent.counted), to: "test-p")
        var configuration = ProjectionHarness.fastRunner
        configuration.niceness = 6
        let service = try ProjectionService(
            projectors: [first, second], log: harness.log, database: harness.projectorDatabase, configuration: configuration)
        let task = Task { await service.run() }
        try await harness.waitUntilCaughtUp(service.runners)
        let threads = ThreadPriority.all
        #expect(threads.filter { $0.name == "priority_a" || $0.name == "priority_b" }.map(\.niceness) == [6, 6])
        // A thread inherits its creator's nice value: had the projector threads started any (a worker
        // of the runtime's pools), those would run the message path's work at 6 too.
        let others = threads.filter { $0.niceness == 6 && !["priority_a", "priority_b"].contains($0.name) }
        #expect(others.isEmpty, "\(others)")
        task.cancel()
        await task.value
        for projector in [first, second] {
            let seen = projector.seen.withLock { $0 }
            #expect(!seen.isEmpty)
            #expect(seen.allSatisfy { $0 == ThreadPriority(niceness: 6, name: projector.name) }, "\(projector.name): \(seen)")
        }
        try await waitUntil("the projector threads end") {
            ThreadPriority.threads(named: "priority_a") + ThreadPriority.threads(named: "priority_b") == 0
        }
    }

    private func waitUntil(_ what: String, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw HarnessTimeout(what: what) }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}

/// The thread a task ran on, once it has.
final class SeenPriority: Sendable {
    let value = Mutex<ThreadPriority?>(nil)
}

/// A projector that records the thread each batch is folded on, and writes nothing but its checkpoint.
final class PriorityRecordingProjector: Projector {
    let name: String
    let schema: ReadModelSchema
    let eventTypes: Set<String>? = ["test.counted"]
    let seen = Mutex<[ThreadPriority]>([])

    init(name: String) throws {
        self.name = name
        self.schema = try ReadModelSchema(
            name: name,
            sql: """
                -- schema version 1
                CREATE TABLE IF NOT EXISTS rm_checkpoints (projector text PRIMARY KEY, tx xid8 NOT NULL,
                    global_position bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
                """)
    }

    func apply(_ events: [RecordedEvent], from start: LogPosition, through end: LogPosition, on connection: PostgresConnection) async throws {
        seen.withLock { $0.append(ThreadPriority.current) }
    }
}
