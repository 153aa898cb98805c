import ArgumentParser
import EventLog
import GatewayRouting
import GatewayServer
import Logging
import Migrations
import Postgres

/// `switchboard pairing approve CODE`: let the sender who was given `CODE` talk to the account
/// (DM policy `pairing`). Recorded as `pairing.approved` in the log.
struct PairingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pairing", abstract: "Approve senders under the pairing DM policy.", subcommands: [Approve.self])

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "approve", abstract: "Approve a pairing code a sender was given.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The code, as the sender read it (case, spaces and dashes are ignored).")
        var code: String

        @Option(help: "Who approves, for the audit trail.")
        var by = "cli"

        func validate() throws {
            guard PairingCode(typed: code) != nil else {
                throw ValidationError(
                    "'\(code)' is not a pairing code: codes are \(PairingCode.length) characters of \(PairingCode.alphabet)")
            }
        }

        func run() async throws {
            var logger = Logger(label: "switchboard.pairing")
            logger.logLevel = .warning
            let resolved = try await DatabaseResolver.resolve(database, stopOnExit: true, logger: logger)
            let owner = try await PostgresConnection.connect(resolved.owner, logger: logger)
            try await Migrator().migrate(on: owner)
            let pool = PostgresPool(configuration: try await resolved.application(on: owner), maximumConnections: 2, logger: logger)
            let log = EventLog(pool: pool, configuration: { var c = EventLog.Configuration(); c.listenForOtherProcesses = false; return c }())
            defer {
                log.shutdown()
                pool.close()
            }
            let code = PairingCode(typed: code)!
            switch try await PairingRegistry(log: log).approve(code, by: by) {
            case .approved(let request):
                print("pairing: approved \(code.rawValue) for subject \(request.senderSubjectID) on \(request.channel) account \(request.accountID)")
            case .alreadyApproved(let request):
                print("pairing: \(code.rawValue) was already approved (subject \(request.senderSubjectID))")
            case .unknownCode:
                printError("pairing: no sender was given the code \(code.rawValue)")
                throw ExitCode(1)
            }
        }
    }
}
