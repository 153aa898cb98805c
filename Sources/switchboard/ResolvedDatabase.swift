import Foundation
import Postgres
import PostgresCluster

/// A database ready to use: how to connect as its owner (migrations, verification) and as the
/// application role (everything else), plus the embedded cluster when Switchboard runs one.
struct ResolvedDatabase: Sendable {
    var owner: PostgresConfiguration
    var cluster: EmbeddedPostgresCluster?
    var dataDirectory: URL

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
