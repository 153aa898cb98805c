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
    /// Statements from ``enqueue(_:_:)`` not sent yet (only touched where the `PGconn` is).
    private var queued: [QueuedStatement] = []
    private var preparedCounter = 0
    /// Most statements one connection keeps prepared; past it, statements run unprepared.
    static let preparedStatementLimit = 400

    private struct StatementKey: Hashable {
        var sql: String
        var types: [Oid]
    }

    private struct QueuedStatement {
        var sql: String
        var binds: [PostgresBind]
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

    /// Queues a statement whose result the caller does not need, such as a write inside a
    /// transaction. It is sent, in order, with the next statement run on this connection (a
    /// ``query(_:_:)``, or the COMMIT of ``transaction(beginningWith:_:)``), all of them in one round
    /// trip (libpq pipeline mode). An error in a queued statement is thrown by that next call and,
    /// inside a transaction, aborts it as any failed statement would. Outside a transaction the queued
    /// statements and the next one run as one implicit transaction.
    public func enqueue(_ sql: String, _ binds: [PostgresBind] = []) {
        queue.async { self.queued.append(QueuedStatement(sql: sql, binds: binds)) }
    }

    /// Runs one or more statements with no parameters (text protocol), e.g. a migration file.
    public func execute(_ sql: String) async throws {
        try await onQueue {
            try self.sendQueued()
            let result = PQexec(self.handle, sql)
            _ = try self.check(result, sql: sql)
        }
    }

    /// Prepares a named statement once per connection.
    public func prepare(name: String, sql: String) async throws {
        try await onQueue {
            try self.sendQueued()
            let result = PQprepare(self.handle, name, sql, 0, nil)
            _ = try self.check(result, sql: sql)
        }
    }

    /// Executes a statement prepared with `prepare(name:sql:)`.
    @discardableResult
    public func executePrepared(name: String, _ binds: [PostgresBind]) async throws -> PostgresResult {
        try await onQueue {
            try self.sendQueued()
            return try self.withParameters(binds) { count, types, values, lengths, formats in
                _ = types
                let result = PQexecPrepared(self.handle, name, count, values, lengths, formats, 1)
                return try self.check(result, sql: "EXECUTE \(name)")
            }
        }
    }

    /// Runs `body` inside BEGIN … COMMIT, rolling back when it throws. The BEGIN and `setup` (one
    /// parameterless statement, such as `set_config` calls) are queued (``enqueue(_:_:)``): they reach
    /// the server with the body's first statement, and statements the body queues go with the COMMIT.
    public func transaction<T: Sendable>(beginningWith setup: String? = nil, _ body: (PostgresConnection) async throws -> T)
        async throws -> T
    {
        do {
            enqueue("BEGIN")
            if let setup { enqueue(setup) }
            let value = try await body(self)
            try await onQueue { _ = try self.querySync("COMMIT", []) }
            return value
        } catch {
            // Statements queued after the failure are dropped; a ROLLBACK after a BEGIN that never
            // ran or failed is harmless: outside a transaction it only warns.
            try? await onQueue { self.queued.removeAll() }
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
        if !queued.isEmpty { return try sendQueued(then: QueuedStatement(sql: sql, binds: binds)) }
        return try withParameters(binds) { count, types, values, lengths, formats in
            let key = StatementKey(sql: sql, types: Array(UnsafeBufferPointer(start: types, count: Int(count))))
            guard let name = try preparedName(key, count: count, types: types) else {
                return try check(PQexecParams(handle, sql, count, types, values, lengths, formats, 1), sql: sql)
            }
            do {
                return try check(PQexecPrepared(handle, name, count, values, lengths, formats, 1), sql: sql)
            } catch where Self.isStalePlan(error) {
                // A table the statement reads changed shape (a read model swapped in at a new schema
                // version). Forget the statement; outside a transaction run it afresh at once, inside
                // one the transaction is already aborted and the caller's retry prepares it anew.
                forgetPrepared(key, name: name)
                guard PQtransactionStatus(handle) == PQTRANS_IDLE else { throw error }
                return try check(PQexecParams(handle, sql, count, types, values, lengths, formats, 1), sql: sql)
            }
        }
    }

    private func forgetPrepared(_ key: StatementKey, name: String) {
        prepared.removeValue(forKey: key)
        PQclear(PQexec(handle, "DEALLOCATE \(name)"))
    }

    /// The error of a prepared statement whose table changed shape since it was prepared.
    private static func isStalePlan(_ error: Error) -> Bool {
        guard let error = error as? PostgresError else { return false }
        return error.sqlState == PostgresError.SQLState.featureNotSupported && error.message.hasPrefix("cached plan must not change result type")
    }

    /// Sends what is queued, if anything, in one pipeline (see ``sendQueued(then:)``).
    private func sendQueued() throws {
        if !queued.isEmpty { _ = try sendQueued(then: nil) }
    }

    /// A name for the next statement this connection prepares.
    private func nextStatementName() -> String {
        preparedCounter += 1
        return "switchboard_statement_\(preparedCounter)"
    }

    /// Sends the queued statements, then `last`, in one pipeline ending in one Sync, and returns
    /// `last`'s result (the last queued statement's when `last` is nil). A statement not prepared yet
    /// is prepared within the pipeline, after the statements before it (which may set the
    /// `search_path` its names resolve in). Throws the first error; the server skips what follows
    /// it (and, in a transaction, the transaction is aborted).
    private func sendQueued(then last: QueuedStatement?) throws -> PostgresResult {
        var statements = queued
        queued.removeAll()
        if let last { statements.append(last) }
        enum Slot {
            case prepare(StatementKey, name: String)
            case statement(Int, StatementKey)
        }
        var slots: [Slot] = []
        var preparing: [StatementKey: String] = [:]
        guard PQenterPipelineMode(handle) == 1 else { throw connectionError() }
        for (index, statement) in statements.enumerated() {
            let sent = try withParameters(statement.binds) { count, types, values, lengths, formats -> Bool in
                let key = StatementKey(sql: statement.sql, types: Array(UnsafeBufferPointer(start: types, count: Int(count))))
                var name = prepared[key] ?? preparing[key]
                if name == nil, prepared.count + preparing.count < Self.preparedStatementLimit {
                    let fresh = nextStatementName()
                    guard PQsendPrepare(handle, fresh, statement.sql, count, types) == 1 else { return false }
                    slots.append(.prepare(key, name: fresh))
                    preparing[key] = fresh
                    name = fresh
                }
                slots.append(.statement(index, key))
                if let name { return PQsendQueryPrepared(handle, name, count, values, lengths, formats, 1) == 1 }
                return PQsendQueryParams(handle, statement.sql, count, types, values, lengths, formats, 1) == 1
            }
            guard sent else { throw connectionError() }
        }
        guard PQpipelineSync(handle) == 1 else { throw connectionError() }
        // Each slot yields one result (its own, or "aborted" after an earlier error) and then NULL;
        // the Sync yields PGRES_PIPELINE_SYNC.
        var failure: Error?
        var stale: (key: StatementKey, name: String)?
        var lastResult: PostgresResult?
        var slot = 0
        while true {
            guard let result = PQgetResult(handle) else {
                slot += 1
                if slot > slots.count || PQstatus(handle) != CONNECTION_OK {
                    failure = failure ?? connectionError()
                    break
                }
                continue
            }
            let status = PQresultStatus(result)
            if status == PGRES_PIPELINE_SYNC {
                PQclear(result)
                break
            }
            if status == PGRES_PIPELINE_ABORTED || slot >= slots.count {
                PQclear(result)
                continue
            }
            switch slots[slot] {
            case .prepare(let key, let name):
                do {
                    _ = try check(result, sql: key.sql)
                    prepared[key] = name
                } catch {
                    failure = failure ?? error
                }
            case .statement(let index, let key):
                do {
                    let checked = try check(result, sql: key.sql)
                    if index == statements.count - 1 { lastResult = checked }
                } catch {
                    if failure == nil {
                        failure = error
                        if Self.isStalePlan(error), let name = prepared[key] { stale = (key, name) }
                    }
                }
            }
        }
        if PQpipelineStatus(handle) != PQ_PIPELINE_OFF, PQexitPipelineMode(handle) != 1 { broken = true }
        // As in querySync: a statement whose table changed shape is prepared anew on its next run.
        if let stale { forgetPrepared(stale.key, name: stale.name) }
        if let failure { throw failure }
        guard let lastResult else { throw PostgresError(code: .connectionLost, message: "the pipeline ended without the last statement's result") }
        return lastResult
    }

    /// The server-side prepared statement for `key`, prepared on first use so later runs skip parsing
    /// and planning; nil once the connection holds its limit of statements.
    private func preparedName(_ key: StatementKey, count: Int32, types: UnsafePointer<Oid>?) throws -> String? {
        if let name = prepared[key] { return name }
        guard prepared.count < Self.preparedStatementLimit else { return nil }
        let name = nextStatementName()
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
