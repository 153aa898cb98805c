import EventLog
import Foundation
import Postgres
import PostgresCluster
import SwitchboardTestSupport
import Synchronization
import Testing

@Suite("Event log under faults")
struct EventLogFaultTests {
    @Test("Postgres restarted during appends: no acknowledged append lost, failures are reported", .timeLimit(.minutes(3)))
    func restartDuringAppends() async throws {
        let cluster = try await TestPostgres.offPool { try TestPostgres.startCluster(named: "restart") }
        let server = "host=\(cluster.socketDirectory.path) port=\(cluster.port) user=postgres"
        let database = try await TestPostgres.freshDatabase("restart", server: server)
        var configuration = EventLog.Configuration()
        configuration.retryWindow = .seconds(20)
        let log = database.eventLog(configuration: configuration)
        defer { log.shutdown() }

        let stop = StopFlag()
        let outcomes = Task { () -> (acknowledged: [UUID], failed: [UUID], attempted: [UUID]) in
            await withTaskGroup(of: ([UUID], [UUID], [UUID]).self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        var acknowledged: [UUID] = []
                        var failed: [UUID] = []
                        var attempted: [UUID] = []
                        var index = 0
                        while !stop.isSet {
                            let event = NewEvent(type: "load.appended", payload: payload("\(writer)-\(index)"))
                            attempted.append(event.id)
                            do {
                                try await log.append([event], to: "restart-\(writer)")
                                acknowledged.append(event.id)
                            } catch let error as EventLogError {
                                #expect(error.code == .unavailable || error.code == .rejected)
                                failed.append(event.id)
                            } catch {
                                failed.append(event.id)
                            }
                            index += 1
                        }
                        return (acknowledged, failed, attempted)
                    }
                }
                return await group.reduce(into: ([UUID](), [UUID](), [UUID]())) {
                    $0.0 += $1.0
                    $0.1 += $1.1
                    $0.2 += $1.2
                }
            }
        }
        try await Task.sleep(for: .milliseconds(700))
        try await TestPostgres.offPool { try cluster.restart(mode: .fast) }
        try await Task.sleep(for: .milliseconds(1500))
        stop.set()
        let result = await outcomes.value

        let connection = try await database.superuserConnection()
        let stored = Set(
            try await connection.query("SELECT event_id FROM events").rows.map { try $0.decode(UUID.self, at: 0) })
        #expect(!result.acknowledged.isEmpty)
        // Every acknowledged append is in the log; nothing appears that nobody attempted.
        #expect(Set(result.acknowledged).isSubset(of: stored))
        #expect(stored.isSubset(of: Set(result.attempted)))
        // Every attempt ended one way or the other: acknowledged or failed with an error.
        #expect(result.acknowledged.count + result.failed.count == result.attempted.count)
        // Appends after the restart succeed again (the pool reconnected).
        let after = try await log.append([NewEvent(type: "load.appended", payload: payload("after"))], to: "restart-after")
        #expect(!after.wasDuplicate)
        try await TestPostgres.offPool { try cluster.stop(mode: .fast) }
    }

    @Test("an unreachable database fails appends with an error once the retry window closes")
    func unreachableAppend() async throws {
        var configuration = EventLog.Configuration()
        configuration.retryWindow = .milliseconds(300)
        configuration.listenForOtherProcesses = false
        let pool = PostgresPool(
            configuration: PostgresConfiguration(
                connectionString: "host=/nonexistent-switchboard port=5 dbname=x", connectAttempts: 2, initialRetryDelay: .milliseconds(20)))
        let log = EventLog(pool: pool, configuration: configuration)
        defer { log.shutdown() }
        let error = await #expect(throws: EventLogError.self) {
            try await log.append([NewEvent(type: "a.b", payload: payload("x"))], to: "s-1")
        }
        #expect(error?.code == .unavailable)
    }
}

/// A flag one task raises and others poll.
final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .relaxed) }
    func set() { value.store(true, ordering: .relaxed) }
}
