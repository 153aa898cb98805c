import ArgumentParser
import Logging
import Migrations
import Postgres

/// `switchboard migrate`: apply pending migrations.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply the pending numbered migrations, each in its own transaction.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = Logger(label: "switchboard.migrate")
        let resolved = try await DatabaseResolver.resolve(database, stopOnExit: true, logger: logger)
        let connection = try await PostgresConnection.connect(resolved.owner, logger: logger)
        let migrator = try Migrator()
        do {
            let applied = try await migrator.migrate(on: connection)
            if applied.isEmpty {
                print("migrate: up to date (\(migrator.migrations.count) migrations applied)")
            } else {
                applied.forEach { print("migrate: applied \($0)") }
            }
        } catch let error as MigrationError {
            printError("migrate: \(error)")
            throw ExitCode(2)
        }
    }
}
