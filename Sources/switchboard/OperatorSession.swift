import EventLog
import Foundation
import Logging
import Migrations
import Postgres
import Privacy

/// What an operator command works with: the database migrated, a small pool as the application
/// role, the event log (no listener: commands are short) and the keyring under the master key.
struct OperatorSession {
    let pool: PostgresPool
    let log: EventLog
    let keyring: SubjectKeyring

    /// Opens a session, runs `body`, and closes it.
    static func with<T>(_ database: DatabaseOptions, _ body: (OperatorSession) async throws -> T) async throws -> T {
        var logger = Logger(label: "switchboard.operator")
        logger.logLevel = .warning
        let resolved = try await DatabaseResolver.resolve(database, stopOnExit: true, logger: logger)
        let owner = try await PostgresConnection.connect(resolved.owner, logger: logger)
        try await Migrator().migrate(on: owner)
        let pool = PostgresPool(configuration: try await resolved.application(on: owner), maximumConnections: 4, logger: logger)
        var configuration = EventLog.Configuration()
        configuration.listenForOtherProcesses = false
        let log = EventLog(pool: pool, configuration: configuration, logger: logger)
        defer {
            log.shutdown()
            pool.close()
        }
        let masterKey = try MasterKey.load(dataDirectory: resolved.dataDirectory.path)
        let keyring = SubjectKeyring(masterKey: masterKey, store: PostgresSubjectKeyStore(pool: pool))
        return try await body(OperatorSession(pool: pool, log: log, keyring: keyring))
    }
}
