import CLibPQ
import Dispatch
import Foundation
import Logging

/// One libpq connection. Every blocking libpq call runs on the connection's own serial
/// dispatch queue, never on Swift's cooperative thread pool; async callers suspend meanwhile.
///
/// `@unchecked Sendable`: the `PGconn` is only ever touched from `queue`, which serialises all use.
public final class PostgresConnection: @unchecked Sendable {
    private let handle: OpaquePointer
    private let queue: DispatchQueue
    private var broken = false
    /// Statements prepared on this connection (only touched where the `PGconn` is).
    private var prepared: [StatementKey: String] = [:]
    private var preparedCounter = 0
    /// Most statements one connection keeps prepared; past it, statements run unprepared.
    static let preparedStatementLimit = 400

    private struct StatementKey: Hashable {
        var sql: String
        var types: [Oid]
    }

    private init(handle: OpaquePointer, label: String) {
        self.handle = handle
        self.queue = DispatchQueue(label: label)
    }

    deinit {
        PQfinish(handle)
    }

    /// Connects, retrying with exponential backoff up to `configuration.connectAttempts` times,
    /// then applies the configured role and session settings.
    public static func connect(_ configuration: PostgresConfiguration, logger: Logger? = nil) async throws -> PostgresConnection {
        var delay = configuration.initialRetryDelay
        var lastError: PostgresError?
        for attempt in 1...configuration.connectAttempts {
            do {
                let connection = try await connectOnce(configuration)
                if let setup = configuration.sessionSetup {
                    _ = try await connection.query(setup.sql, setup.binds)
                }
                return connection
            } catch let error as PostgresError {
                lastError = error
                if error.code != .connectionFailed || attempt == configuration.connectAttempts { break }
                logger?.warning("postgres not reachable, retrying", metadata: ["attempt": "\(attempt)", "error": "\(error.message)"])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, configuration.maximumRetryDelay)
            }
        }
        var error = lastError ?? PostgresError(code: .connectionFailed, message: "no connection attempt made")
        if error.code == .connectionFailed {
            error.message = "could not connect after \(configuration.connectAttempts) attempt(s): \(error.message)"
        }
        throw error
    }

    private static func connectOnce(_ configuration: PostgresConfiguration) async throws -> PostgresConnection {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try openBlocking(configuration) })
            }
        }
    }

    /// Opens one connection, blocking the calling thread (one attempt, no role applied).
    private static func openBlocking(_ configuration: PostgresConfiguration) throws -> PostgresConnection {
        let (keywords, values) = configuration.connectionParameters
        let conn = withCStrings(keywords) { keywordPointers in
            withCStrings(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let conn else {
            throw PostgresError(code: .connectionFailed, message: "out of memory")
        }
        if PQstatus(conn) != CONNECTION_OK {
            let message = String(cString: PQerrorMessage(conn)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(conn)
            throw PostgresError(code: .connectionFailed, message: message)
        }
        // Server notices (e.g. "already exists, skipping") are not errors; keep them off stderr.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        return PostgresConnection(handle: conn, label: "switchboard.postgres.connection")
    }

    /// Connects once and applies the configured role and session settings, blocking the calling thread. For threads that
    /// own their connection outright (the event log's group-commit writers); never call it from the
    /// cooperative pool.
    public static func connectBlocking(_ configuration: PostgresConfiguration) throws -> PostgresConnection {
        let connection = try openBlocking(configuration)
        if let setup = configuration.sessionSetup {
            _ = try connection.queryBlocking(setup.sql, setup.binds)
        }
        return connection
    }

    /// Runs one statement, blocking the calling thread. Only for a thread that owns this connection
    /// and never mixes it with the async methods; never call it from the cooperative pool.
    @discardableResult
    public func queryBlocking(_ sql: String, _ binds: [PostgresBind] = []) throws -> PostgresResult {
        try querySync(sql, binds)
    }

    /// Health as seen from the owning thread (see `queryBlocking`).
    public var isHealthyBlocking: Bool {
        !broken && PQstatus(handle) == CONNECTION_OK
    }

    /// True unless a command found the connection broken.
    public var isHealthy: Bool {
        queue.sync { !broken && PQstatus(handle) == CONNECTION_OK }
    }

    /// Runs one parameterised statement (`$1`, `$2`…), parameters and results in binary format.
    @discardableResult
    public func query(_ sql: String, _ binds: [PostgresBind] = []) async throws -> PostgresResult {
        try await onQueue { try self.querySync(sql, binds) }
    }

    /// Runs one or more statements with no parameters (text protocol), e.g. a migration file.
    public func execute(_ sql: String) async throws {
        try await onQueue {
            let result = PQexec(self.handle, sql)
            _ = try self.check(result, sql: sql)
        }
    }

    /// Prepares a named statement once per connection.
    public func prepare(name: String, sql: String) async throws {
        try await onQueue {
            let result = PQprepare(self.handle, name, sql, 0, nil)
            _ = try self.check(result, sql: sql)
        }
    }

    /// Executes a statement prepared with `prepare(name:sql:)`.
    @discardableResult
    public func executePrepared(name: String, _ binds: [PostgresBind]) async throws -> PostgresResult {
        try await onQueue {
            try self.withParameters(binds) { count, types, values, lengths, formats in
                _ = types
                let result = PQexecPrepared(self.handle, name, count, values, lengths, formats, 1)
                return try self.check(result, sql: "EXECUTE \(name)")
            }
        }
    }

    /// Runs `body` inside BEGIN … COMMIT, rolling back when it throws. `setup`, parameterless
    /// statements such as `set_config` calls, is sent with the BEGIN in one round trip.
    public func transaction<T: Sendable>(beginningWith setup: String? = nil, _ body: (PostgresConnection) async throws -> T)
        async throws -> T
    {
        do {
            // A ROLLBACK after a BEGIN that failed is harmless: outside a transaction it only warns.
            try await execute(setup.map { "BEGIN; \($0)" } ?? "BEGIN")
            let value = try await body(self)
            try await execute("COMMIT")
            return value
        } catch {
            if isHealthy { try? await execute("ROLLBACK") }
            throw error
        }
    }

    /// The server's version number, e.g. 150018.
    public var serverVersion: Int {
        queue.sync { Int(PQserverVersion(handle)) }
    }

    // MARK: - Blocking internals (only ever on `queue`)

    private func onQueue<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try work() })
                    }
        }
    }

    private func querySync(_ sql: String, _ binds: [PostgresBind]) throws -> PostgresResult {
        try withParameters(binds) { count, types, values, lengths, formats in
            let key = StatementKey(sql: sql, types: Array(UnsafeBufferPointer(start: types, count: Int(count))))
            guard let name = try preparedName(key, count: count, types: types) else {
                return try check(PQexecParams(handle, sql, count, types, values, lengths, formats, 1), sql: sql)
            }
            do {
                return try check(PQexecPrepared(handle, name, count, values, lengths, formats, 1), sql: sql)
            } catch let error as PostgresError where error.sqlState == PostgresError.SQLState.featureNotSupported
                && error.message.hasPrefix("cached plan must not change result type")
            {
                // A table the statement reads changed shape (a read model swapped in at a new schema
                // version). Forget the statement; outside a transaction run it afresh at once, inside
                // one the transaction is already aborted and the caller's retry prepares it anew.
                prepared.removeValue(forKey: key)
                PQclear(PQexec(handle, "DEALLOCATE \(name)"))
                guard PQtransactionStatus(handle) == PQTRANS_IDLE else { throw error }
                return try check(PQexecParams(handle, sql, count, types, values, lengths, formats, 1), sql: sql)
            }
        }
    }

    /// The server-side prepared statement for `key`, prepared on first use so later runs skip parsing
    /// and planning; nil once the connection holds its limit of statements.
    private func preparedName(_ key: StatementKey, count: Int32, types: UnsafePointer<Oid>?) throws -> String? {
        if let name = prepared[key] { return name }
        guard prepared.count < Self.preparedStatementLimit else { return nil }
        preparedCounter += 1
        let name = "switchboard_statement_\(preparedCounter)"
        _ = try check(PQprepare(handle, name, key.sql, count, types), sql: key.sql)
        prepared[key] = name
        return name
    }

    private func withParameters<T>(
        _ binds: [PostgresBind],
        _ body: (Int32, UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) throws -> T
    ) throws -> T {
        let encoded = binds.map { $0.encoded }
        let types: [Oid] = binds.map { Oid($0.oid) }
        let lengths: [Int32] = encoded.map { Int32($0?.count ?? 0) }
        let formats = [Int32](repeating: 1, count: binds.count)
        // Keep every parameter buffer alive and pinned for the duration of the call.
        let buffers: [UnsafeMutablePointer<CChar>?] = encoded.map { bytes in
            guard let bytes else { return nil }
            let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: max(bytes.count, 1))
            bytes.withUnsafeBytes { raw in
                if !raw.isEmpty { UnsafeMutableRawPointer(pointer).copyMemory(from: raw.baseAddress!, byteCount: raw.count) }
            }
            return pointer
        }
        defer { buffers.forEach { $0?.deallocate() } }
        let values: [UnsafePointer<CChar>?] = buffers.map { $0.map { UnsafePointer($0) } }
        return try types.withUnsafeBufferPointer { typePointer in
            try values.withUnsafeBufferPointer { valuePointer in
                try lengths.withUnsafeBufferPointer { lengthPointer in
                    try formats.withUnsafeBufferPointer { formatPointer in
                        try body(
                            Int32(binds.count), typePointer.baseAddress, valuePointer.baseAddress,
                            lengthPointer.baseAddress, formatPointer.baseAddress)
                    }
                }
            }
        }
    }

    private func check(_ result: OpaquePointer?, sql: String) throws -> PostgresResult {
        let wrapped = PostgresResult(handle: result)
        guard let result else {
            throw connectionError()
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return wrapped
        default:
            if PQstatus(handle) != CONNECTION_OK {
                throw connectionError()
            }
            let sqlState = field(result, DiagnosticField.sqlState)
            let message = field(result, DiagnosticField.message) ?? String(cString: PQresultErrorMessage(result))
            var detail = field(result, DiagnosticField.detail)
            if let hint = field(result, DiagnosticField.hint) { detail = [detail, "hint: \(hint)"].compactMap { $0 }.joined(separator: "; ") }
            if sqlState == PostgresError.SQLState.adminShutdown || sqlState?.hasPrefix("08") == true {
                broken = true
                throw PostgresError(code: .connectionLost, sqlState: sqlState, message: message, detail: detail)
            }
            throw PostgresError(code: .server, sqlState: sqlState, message: message, detail: detail)
        }
    }

    private func connectionError() -> PostgresError {
        broken = true
        let message = String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
        return PostgresError(code: .connectionLost, message: message.isEmpty ? "connection lost" : message)
    }

    private func field(_ result: OpaquePointer, _ code: Int32) -> String? {
        guard let pointer = PQresultErrorField(result, code) else { return nil }
        return String(cString: pointer)
    }
}

/// Passes an array of Swift strings to C as a NULL-terminated `const char *const *`.
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let duplicated: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { duplicated.forEach { free($0) } }
    let pointers: [UnsafePointer<CChar>?] = duplicated.map { $0.map { UnsafePointer($0) } } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}

/// libpq's `PG_DIAG_*` field codes (character macros that Swift does not import).
enum DiagnosticField {
    static let sqlState = Int32(UInt8(ascii: "C"))
    static let message = Int32(UInt8(ascii: "M"))
    static let detail = Int32(UInt8(ascii: "D"))
    static let hint = Int32(UInt8(ascii: "H"))
}
