import EventLog
import Foundation
import Logging
import Migrations
import Postgres
import PostgresCluster
import Synchronization

/// The PostgreSQL server the integration tests use: a private cluster started once per test
/// process (stopped and removed at exit), or the server named by `SWITCHBOARD_TEST_CONNINFO`
/// (a `key=value` libpq string for a superuser). Each test gets a database of its own.
public enum TestPostgres {
    private static let shared = Mutex<Result<String, PostgresClusterError>?>(nil)
    private static let counter = Atomic<Int>(0)

    /// A superuser `key=value` conninfo without `dbname`, starting the private cluster on first use.
    public static func serverConnectionString() throws -> String {
        if let given = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_CONNINFO"], !given.isEmpty {
            return given
        }
        let result = shared.withLock { state -> Result<String, PostgresClusterError> in
            if let state { return state }
            let result: Result<String, PostgresClusterError>
            do {
                let cluster = try startCluster(named: "shared")
                result = .success("host=\(cluster.socketDirectory.path) port=\(cluster.port) user=postgres")
            } catch let error as PostgresClusterError {
                result = .failure(error)
            } catch {
                result = .failure(PostgresClusterError(code: .startFailed, message: "\(error)"))
            }
            state = result
            return result
        }
        return try result.get()
    }

    /// Starts a private cluster in a fresh temporary directory, stopped and deleted at exit.
    public static func startCluster(named name: String) throws -> EmbeddedPostgresCluster {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("switchboard-test-\(getpid())-\(name)")
        try? FileManager.default.removeItem(at: directory)
        ClusterCleanup.removeAtExit(directory)
        let cluster = EmbeddedPostgresCluster(dataDirectory: directory, logger: Logger(label: "switchboard.test.cluster"))
        try cluster.start()
        cluster.stopOnExit(mode: .immediate)
        return cluster
    }

    /// Runs blocking work (starting a cluster waits on pg_ctl) on a dispatch thread, never on a
    /// cooperative one: tests run in parallel and must not starve each other.
    public static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Creates an empty database with a unique name and migrates it.
    public static func freshDatabase(_ hint: String = "test", server: String? = nil) async throws -> TestDatabase {
        let server: String = try await { () async throws -> String in
            if let server { return server }
            return try await offPool { try serverConnectionString() }
        }()
        let number = counter.add(1, ordering: .relaxed).newValue
        let safeHint = String(hint.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(24))
        let name = "sb_\(safeHint)_\(getpid())_\(number)"
        let admin = try await PostgresConnection.connect(PostgresConfiguration(connectionString: server + " dbname=postgres"))
        try await admin.execute("CREATE DATABASE \(name)")
        let database = TestDatabase(name: name, server: server)
        let owner = try await PostgresConnection.connect(database.superuserConfiguration)
        try await Migrator().migrate(on: owner)
        return database
    }
}

/// One test's database.
public struct TestDatabase: Sendable {
    public let name: String
    /// Superuser conninfo without `dbname`.
    public let server: String

    /// Connects as the superuser (the migrating owner).
    public var superuserConfiguration: PostgresConfiguration {
        PostgresConfiguration(connectionString: "\(server) dbname=\(name)", connectAttempts: 3)
    }

    /// Connects as the owner, then acts as the application role that may only append and read events.
    public var applicationConfiguration: PostgresConfiguration {
        PostgresConfiguration(connectionString: "\(server) dbname=\(name)", role: "switchboard_app", connectAttempts: 3)
    }

    public func applicationPool(maximumConnections: Int = 16) -> PostgresPool {
        PostgresPool(configuration: applicationConfiguration, maximumConnections: maximumConnections)
    }

    public func superuserConnection() async throws -> PostgresConnection {
        try await PostgresConnection.connect(superuserConfiguration)
    }

    /// An event log on the application role, with its pool.
    public func eventLog(configuration: EventLog.Configuration = EventLog.Configuration(), upcasters: EventUpcasters = EventUpcasters())
        -> EventLog
    {
        EventLog(pool: applicationPool(), configuration: configuration, upcasters: upcasters)
    }

    /// Text of `pg_dump` of this database (schema and data).
    public func dump() throws -> String {
        var arguments: [String] = []
        for pair in server.split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "host": arguments += ["-h", parts[1]]
            case "port": arguments += ["-p", parts[1]]
            case "user": arguments += ["-U", parts[1]]
            default: break
            }
        }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("\(name).dump.sql")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/lib/postgresql/15/bin/pg_dump")
        process.arguments = arguments + ["--no-owner", "-f", output.path, name]
        try process.run()
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: output) }
        guard process.terminationStatus == 0 else {
            throw PostgresError(code: .misuse, message: "pg_dump exited with \(process.terminationStatus)")
        }
        return try String(contentsOf: output, encoding: .utf8)
    }
}

/// Removes test cluster directories when the test process exits (after the clusters stop).
enum ClusterCleanup {
    private static let directories = Mutex<[URL]>([])
    private static let registered = Atomic<Bool>(false)

    static func removeAtExit(_ directory: URL) {
        directories.withLock { $0.append(directory) }
        if registered.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged {
            atexit {
                for directory in ClusterCleanup.directories.withLock({ $0 }) {
                    try? FileManager.default.removeItem(at: directory)
                }
            }
        }
    }
}
