/// An error from PostgreSQL or from the libpq layer, carrying what a person needs to act on it:
/// the kind of failure, the server's SQLSTATE and message when there is one, and the statement's context.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure; new kinds can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case connectionFailed, connectionLost, server, decoding, poolClosed, timeout, misuse
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The server could not be reached or refused the connection.
        public static let connectionFailed = Code(.connectionFailed)
        /// The connection broke while a command was in flight; the command's outcome is unknown.
        public static let connectionLost = Code(.connectionLost)
        /// The server rejected the command; `sqlState` says why.
        public static let server = Code(.server)
        /// A result value could not be decoded as the requested Swift type.
        public static let decoding = Code(.decoding)
        /// The pool was shut down.
        public static let poolClosed = Code(.poolClosed)
        /// Waiting for a connection or a reply took too long.
        public static let timeout = Code(.timeout)
        /// The API was used in a way libpq does not allow.
        public static let misuse = Code(.misuse)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// Five-character SQLSTATE reported by the server, e.g. `23505` for a unique violation.
    public var sqlState: String?
    public var message: String
    public var detail: String?

    public init(code: Code, sqlState: String? = nil, message: String, detail: String? = nil) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
    }

    /// True when the error means the connection is no longer usable.
    public var isConnectionError: Bool { code == .connectionLost || code == .connectionFailed }

    public var description: String {
        var text = "postgres \(code)"
        if let sqlState { text += " [\(sqlState)]" }
        text += ": \(message)"
        if let detail, !detail.isEmpty { text += " (\(detail))" }
        return text
    }
}

extension PostgresError {
    /// Well-known SQLSTATE values the rest of Switchboard reacts to.
    public enum SQLState {
        public static let uniqueViolation = "23505"
        /// Also "cached plan must not change result type" for a prepared statement.
        public static let featureNotSupported = "0A000"
        public static let serializationFailure = "40001"
        public static let deadlockDetected = "40P01"
        public static let insufficientPrivilege = "42501"
        public static let raiseException = "P0001"
        public static let adminShutdown = "57P01"
    }
}
