import EventLog
import Foundation
import Postgres
import ProjectorEngine
import SwitchboardTestSupport

/// A fresh database with an event log (application role) and projector connections (owner), plus
/// ways to run runners until they have caught up with the log.
struct ProjectionHarness {
    let database: TestDatabase
    let log: EventLog
    let owner: PostgresConnection

    static func make(_ hint: String) async throws -> ProjectionHarness {
        let database = try await TestPostgres.freshDatabase(hint)
        return ProjectionHarness(database: database, log: database.eventLog(), owner: try await database.superuserConnection())
    }

    var projectorDatabase: PostgresConfiguration { database.superuserConfiguration }

    static var fastRunner: ProjectorRunner.Configuration {
        var configuration = ProjectorRunner.Configuration()
        configuration.leaseRetryInterval = .milliseconds(200)
        configuration.leaseCheckInterval = .milliseconds(200)
        configuration.idlePollInterval = .milliseconds(50)
        // Batches at the usual pace whatever else keeps the machine's cores busy.
        configuration.cpuPressure = nil
        return configuration
    }

    func runner(_ projector: any Projector, batchSize: Int = 2000) throws -> ProjectorRunner {
        var configuration = Self.fastRunner
        configuration.batchSize = batchSize
        return try ProjectorRunner(projector: projector, log: log, database: projectorDatabase, configuration: configuration)
    }

    /// The last event in subscription order.
    func head() async throws -> LogPosition {
        let result = try await owner.query("SELECT tx, global_position FROM events ORDER BY tx DESC, global_position DESC LIMIT 1")
        guard result.rowCount == 1 else { return .start }
        return LogPosition(transaction: try result[0].decode(UInt64.self, at: 0), globalPosition: try result[0].decode(Int64.self, at: 1))
    }

    /// The checkpoint the runner's live read model has stored.
    func storedCheckpoint(of runner: ProjectorRunner) async throws -> LogPosition {
        let result = try await owner.query(
            "SELECT tx, global_position FROM \(runner.namespace.live).rm_checkpoints WHERE projector = $1", [.text(runner.projector.name)])
        guard result.rowCount == 1 else { return .start }
        return LogPosition(transaction: try result[0].decode(UInt64.self, at: 0), globalPosition: try result[0].decode(Int64.self, at: 1))
    }

    /// Waits (up to `timeout`) until every runner has projected the head of the log and stored that
    /// checkpoint.
    func waitUntilCaughtUp(_ runners: [ProjectorRunner], timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        let target = try await head()
        while ContinuousClock.now < deadline {
            if runners.allSatisfy({ $0.metrics.position >= target }) {
                var stored = true
                for runner in runners {
                    if try await storedCheckpoint(of: runner) < target { stored = false }
                }
                if stored { return }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw HarnessTimeout(what: "runners at \(target): \(runners.map(\.metrics))")
    }

    /// Runs `runner` until it has caught up with the log, then stops it.
    func project(with runner: ProjectorRunner) async throws {
        let task = Task { try await runner.run() }
        try await waitUntilCaughtUp([runner])
        task.cancel()
        try await task.value
    }

    /// Waits until `condition` holds, up to `timeout`.
    func waitFor(_ what: String, timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw HarnessTimeout(what: what)
    }

    /// A checksum per table of `schema` (rows in a canonical order), leaving out checkpoint times.
    func checksums(schema: String) async throws -> [String: String] {
        let tables = try await owner.query(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1", [.text(schema)])
        var sums: [String: String] = [:]
        for row in tables.rows {
            let table = try row.decode(String.self, at: 0)
            let projection = table == "rm_checkpoints" ? "(t.projector, t.tx, t.global_position)::text" : "t::text"
            let result = try await owner.query(
                "SELECT coalesce(md5(string_agg(\(projection), '|' ORDER BY \(projection))), '') || ':' || count(*) FROM \(schema).\(table) t")
            sums[table] = try result[0].decode(String.self, at: 0)
        }
        return sums
    }
}

struct HarnessTimeout: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting for \(what)" }
}
