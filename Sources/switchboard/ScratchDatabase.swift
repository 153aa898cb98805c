import Foundation
import Logging
import Migrations
import Postgres

/// A migrated database of its own for one benchmark run, on the configured server (or the embedded
/// cluster), dropped afterwards unless kept.
struct ScratchDatabase {
    let name: String
    let resolved: ResolvedDatabase
    /// Connected to the server's maintenance database, to drop the scratch one.
    let admin: PostgresConnection
    /// The scratch database as its owner.
    let owner: PostgresConfiguration
    let ownerConnection: PostgresConnection

    static func create(_ options: DatabaseOptions, prefix: String, logger: Logger) async throws -> ScratchDatabase {
        let resolved = try await DatabaseResolver.resolve(options, stopOnExit: true, logger: logger)
        let name = "\(prefix)_\(Int(Date().timeIntervalSince1970))_\(getpid())"
        let admin = try await PostgresConnection.connect(resolved.owner)
        try await admin.execute("CREATE DATABASE \(name)")
        var owner = resolved.owner
        owner.databaseName = name
        let ownerConnection = try await PostgresConnection.connect(owner)
        try await Migrator().migrate(on: ownerConnection)
        return ScratchDatabase(name: name, resolved: resolved, admin: admin, owner: owner, ownerConnection: ownerConnection)
    }

    /// The scratch database as the application role.
    func application() async throws -> PostgresConfiguration {
        var application = try await resolved.application(on: ownerConnection)
        application.databaseName = name
        return application
    }

    func drop() async {
        try? await admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}
