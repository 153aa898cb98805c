import Foundation
import Logging
import Synchronization

/// A bounded pool of connections. Connections are opened lazily, checked before reuse when they
/// sat idle, and replaced when a command found them broken, so a restarted server is picked up.
public final class PostgresPool: Sendable {
    public let configuration: PostgresConfiguration
    public let maximumConnections: Int
    private let logger: Logger
    private let state = Mutex(State())

    private struct Idle {
        var connection: PostgresConnection
        var since: ContinuousClock.Instant
    }

    private struct State: ~Copyable {
        var idle: [Idle] = []
        var open = 0
        var waiters: [CheckedContinuation<PostgresConnection?, Error>] = []
        var closed = false
    }

    public init(configuration: PostgresConfiguration, maximumConnections: Int = 16, logger: Logger = Logger(label: "switchboard.postgres")) {
        self.configuration = configuration
        self.maximumConnections = max(1, maximumConnections)
        self.logger = logger
    }

    /// Lends a connection to `body` and takes it back afterwards (closing it if it broke).
    public func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await acquire()
        do {
            let value = try await body(connection)
            release(connection)
            return value
        } catch {
            release(connection)
            throw error
        }
    }

    /// Shorthand for one statement on a pooled connection.
    @discardableResult
    public func query(_ sql: String, _ binds: [PostgresBind] = []) async throws -> PostgresResult {
        try await withConnection { try await $0.query(sql, binds) }
    }

    /// Closes idle connections and fails waiters; connections in use close when returned.
    public func close() {
        let waiters = state.withLock { state -> [CheckedContinuation<PostgresConnection?, Error>] in
            state.closed = true
            state.open -= state.idle.count
            state.idle.removeAll()
            let waiters = state.waiters
            state.waiters.removeAll()
            return waiters
        }
        waiters.forEach { $0.resume(throwing: PostgresError(code: .poolClosed, message: "pool closed")) }
    }

    private enum Decision {
        case reuse(Idle)
        case open
        case wait
        case closed
    }

    func acquire() async throws -> PostgresConnection {
        while true {
            let decision = state.withLock { state -> Decision in
                if state.closed { return .closed }
                if let idle = state.idle.popLast() { return .reuse(idle) }
                if state.open < maximumConnections {
                    state.open += 1
                    return .open
                }
                return .wait
            }
            switch decision {
            case .closed:
                throw PostgresError(code: .poolClosed, message: "pool closed")
            case .reuse(let idle):
                if await isUsable(idle) { return idle.connection }
                state.withLock { $0.open -= 1 }
            case .open:
                do {
                    return try await PostgresConnection.connect(configuration, logger: logger)
                } catch {
                    let waiter = state.withLock { state -> CheckedContinuation<PostgresConnection?, Error>? in
                        state.open -= 1
                        return state.waiters.isEmpty ? nil : state.waiters.removeFirst()
                    }
                    waiter?.resume(returning: nil)  // let it try opening in our place
                    throw error
                }
            case .wait:
                let handed = try await withCheckedThrowingContinuation { continuation in
                    let closed = state.withLock { state -> Bool in
                        if state.closed { return true }
                        state.waiters.append(continuation)
                        return false
                    }
                    if closed { continuation.resume(throwing: PostgresError(code: .poolClosed, message: "pool closed")) }
                }
                if let handed { return handed }
            }
        }
    }

    private func isUsable(_ idle: Idle) async -> Bool {
        guard idle.connection.isHealthy else { return false }
        if ContinuousClock.now - idle.since < .seconds(1) { return true }
        do {
            try await idle.connection.execute(";")
            return true
        } catch {
            logger.info("dropping a pooled connection that failed its health check", metadata: ["error": "\(error)"])
            return false
        }
    }

    func release(_ connection: PostgresConnection) {
        let healthy = connection.isHealthy
        let waiter = state.withLock { state -> CheckedContinuation<PostgresConnection?, Error>? in
            if !healthy || state.closed {
                state.open -= 1
                // A waiter may now open a fresh connection in the freed slot.
                return state.waiters.isEmpty ? nil : state.waiters.removeFirst()
            }
            if !state.waiters.isEmpty { return state.waiters.removeFirst() }
            state.idle.append(Idle(connection: connection, since: .now))
            return nil
        }
        guard let waiter else { return }
        waiter.resume(returning: healthy && !state.withLock { $0.closed } ? connection : nil)
    }
}
