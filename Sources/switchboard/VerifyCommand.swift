import ArgumentParser
import EventLog
import Logging
import Postgres

/// `switchboard verify`: recompute the hash chain; exit 0 when intact, 1 naming the first altered position.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Recompute the event log's hash chain and name the first altered event.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = Logger(label: "switchboard.verify")
        let resolved = try await DatabaseResolver.resolve(database, stopOnExit: true, logger: logger)
        let pool = PostgresPool(configuration: resolved.owner, maximumConnections: 2, logger: logger)
        defer { pool.close() }
        let result = try await HashChainVerifier(pool: pool).verify { checked in
            printError("verify: \(checked) events checked…")
        }
        if result.isIntact {
            print("verify: intact (\(result.eventsChecked) events in \(result.streamsChecked) streams, \(result.sealsChecked) seals)")
            return
        }
        if let position = result.firstBrokenPosition {
            print("verify: BROKEN at global position \(position): \(result.problem ?? "")")
        } else {
            print("verify: BROKEN: \(result.problem ?? "")")
        }
        throw ExitCode(1)
    }
}
