import Foundation

/// An error from preparing, starting, stopping or restarting an ``EmbeddedPostgresCluster``.
///
/// It carries what an operator needs to fix the problem: the failing command line, its exit
/// status and output, and the last lines of the server log.
public struct PostgresClusterError: Error, Sendable, CustomStringConvertible, LocalizedError {
    /// What went wrong, as a value to match on; new codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case binaryMissing
            case serverAccountMissing
            case dataDirectoryUnusable
            case initdbFailed
            case startFailed
            case startTimedOut
            case stopFailed
            case restartFailed
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// A PostgreSQL program (`initdb`, `pg_ctl`, `postgres`) or `runuser` is not installed where expected.
        public static let binaryMissing = Code(.binaryMissing)
        /// Running as root, but the `postgres` operating-system account that must own the server does not exist.
        public static let serverAccountMissing = Code(.serverAccountMissing)
        /// The data or socket directory cannot be created, owned or reached by the server account.
        public static let dataDirectoryUnusable = Code(.dataDirectoryUnusable)
        /// `initdb` exited with an error.
        public static let initdbFailed = Code(.initdbFailed)
        /// `pg_ctl start` failed, or the server died while starting.
        public static let startFailed = Code(.startFailed)
        /// The server did not accept connections within the start timeout.
        public static let startTimedOut = Code(.startTimedOut)
        /// `pg_ctl stop` failed and the server is still running.
        public static let stopFailed = Code(.stopFailed)
        /// `pg_ctl restart` failed.
        public static let restartFailed = Code(.restartFailed)

        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// A sentence saying what failed and, where known, how to fix it.
    public var message: String
    /// The command line that failed, if a command failed.
    public var command: [String]?
    /// The exit status of that command, if it ran.
    public var exitStatus: Int32?
    /// The last lines the command printed (stdout and stderr together).
    public var commandOutput: String?
    /// The last lines of the server log, when the server was involved.
    public var serverLogTail: String?

    /// Creates an error; the cluster fills in the context it has.
    public init(
        code: Code,
        message: String,
        command: [String]? = nil,
        exitStatus: Int32? = nil,
        commandOutput: String? = nil,
        serverLogTail: String? = nil
    ) {
        self.code = code
        self.message = message
        self.command = command
        self.exitStatus = exitStatus
        self.commandOutput = commandOutput
        self.serverLogTail = serverLogTail
    }

    public var description: String {
        var lines = ["PostgresClusterError.\(code): \(message)"]
        if let command {
            lines.append("command: \(command.joined(separator: " "))")
        }
        if let exitStatus {
            lines.append("exit status: \(exitStatus)")
        }
        if let commandOutput, !commandOutput.isEmpty {
            lines.append("command output:\n\(commandOutput)")
        }
        if let serverLogTail, !serverLogTail.isEmpty {
            lines.append("server log (last lines):\n\(serverLogTail)")
        }
        return lines.joined(separator: "\n")
    }

    public var errorDescription: String? { description }
}
