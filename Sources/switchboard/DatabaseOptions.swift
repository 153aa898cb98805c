import ArgumentParser
import Dispatch
import Foundation
import Logging
import Postgres
import PostgresCluster

/// Where the database is: `--database-url` / `DATABASE_URL`, or else the embedded cluster in the data directory.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "PostgreSQL server as a libpq URL or key=value string (default: $DATABASE_URL; unset: the embedded cluster).")
    var databaseURL: String?

    @Option(name: .customLong("data-dir"), help: "Data directory for the embedded cluster and the master key file (default: $SWITCHBOARD_DATA_DIR or ./data).")
    var dataDirectory: String?

    var resolvedDataDirectory: URL {
        let path = dataDirectory ?? ProcessInfo.processInfo.environment["SWITCHBOARD_DATA_DIR"] ?? "./data"
        return URL(fileURLWithPath: path).standardizedFileURL
    }

    var resolvedURL: String? {
        let value = databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"]
        return value?.isEmpty == false ? value : nil
    }
}

/// A database ready to use: how to connect as its owner (migrations, verification) and as the
/// application role (everything else), plus the embedded cluster when Switchboard runs one.
struct ResolvedDatabase: Sendable {
    var owner: PostgresConfiguration
    var cluster: EmbeddedPostgresCluster?
    var dataDirectory: URL
    var startedCluster: Bool

    /// The owner's configuration acting as the application role, when that role exists and the owner may use it.
    func application(on connection: PostgresConnection) async throws -> PostgresConfiguration {
        let role = ProcessInfo.processInfo.environment["SWITCHBOARD_APP_ROLE"] ?? "switchboard_app"
        let usable = try await connection.query(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1 AND pg_has_role(current_user, oid, 'USAGE'))", [.text(role)])
        var configuration = owner
        if try usable[0].decode(Bool.self, at: 0) { configuration.role = role }
        return configuration
    }
}

enum DatabaseResolver {
    static let embeddedDatabaseName = "switchboard"

    /// Resolves the database; with no URL starts (or reuses) the embedded cluster and creates the
    /// `switchboard` database in it. `stopOnExit` stops a cluster this process started when it exits.
    static func resolve(_ options: DatabaseOptions, stopOnExit: Bool, logger: Logger) async throws -> ResolvedDatabase {
        if let url = options.resolvedURL {
            return ResolvedDatabase(
                owner: PostgresConfiguration(connectionString: url), cluster: nil, dataDirectory: options.resolvedDataDirectory,
                startedCluster: false)
        }
        let dataDirectory = options.resolvedDataDirectory
        let cluster = EmbeddedPostgresCluster(dataDirectory: dataDirectory.appendingPathComponent("postgres"), logger: logger)
        let wasRunning = cluster.isRunning
        try await onBlockingThread { try cluster.start() }
        if stopOnExit && !wasRunning { cluster.stopOnExit(mode: .fast) }
        let admin = try await PostgresConnection.connect(PostgresConfiguration(connectionString: cluster.connectionString(database: "postgres")))
        let exists = try await admin.query("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", [.text(embeddedDatabaseName)])
        if try !exists[0].decode(Bool.self, at: 0) {
            do {
                try await admin.execute("CREATE DATABASE \(embeddedDatabaseName)")
            } catch let error as PostgresError where error.sqlState == "42P04" {
                // Another process created it first.
            }
        }
        return ResolvedDatabase(
            owner: PostgresConfiguration(connectionString: cluster.connectionString(database: embeddedDatabaseName)),
            cluster: cluster, dataDirectory: dataDirectory, startedCluster: !wasRunning)
    }
}

/// Runs blocking work (process spawning, waiting on pg_ctl) on a dispatch thread, off the cooperative pool.
func onBlockingThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}

/// Prints to standard error (progress and diagnostics, so standard output stays machine-readable).
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
