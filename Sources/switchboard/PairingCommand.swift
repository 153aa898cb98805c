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
            let code = PairingCode(typed: code)!
            let approval = try await OperatorSession.with(database) { try await PairingRegistry(log: $0.log).approve(code, by: by) }
            switch approval {
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
