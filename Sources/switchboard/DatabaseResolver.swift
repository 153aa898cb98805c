import Foundation
import Logging
import Postgres
import PostgresCluster

/// Finds or starts the database a command works on.
enum DatabaseResolver {
    static let embeddedDatabaseName = "switchboard"

    /// Resolves the database; with no URL starts (or reuses) the embedded cluster and creates the
    /// `switchboard` database in it. `stopOnExit` stops a cluster this process started when it exits.
    static func resolve(_ options: DatabaseOptions, stopOnExit: Bool, logger: Logger) async throws -> ResolvedDatabase {
        if let url = options.resolvedURL {
            return ResolvedDatabase(
                owner: PostgresConfiguration(connectionString: url), cluster: nil, dataDirectory: options.resolvedDataDirectory)
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
            cluster: cluster, dataDirectory: dataDirectory)
    }
}
