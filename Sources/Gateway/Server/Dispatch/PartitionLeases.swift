import Foundation
import Logging
import Postgres
import Synchronization

/// The partitions this process holds for one role: session advisory locks
/// `pg_try_advisory_lock(role.lockClass, partition)` on a connection of its own. Every few seconds it
/// checks the connection and tries to take the partitions nobody holds; when the connection breaks
/// it has lost them all (Postgres releases a dead session's locks), so another process's next round
/// takes them over, and this one tries again after reconnecting.
public final class PartitionLeases: Sendable {
    public let role: WorkerRole
    public let partitions: Int
    let configuration: PostgresConfiguration
    let interval: Duration
    let logger: Logger
    private let held = Mutex(Holding(partitions: [], acquisitions: 0))
    private let changes = Mutex<[AsyncStream<Set<Int>>.Continuation]>([])

    public init(
        role: WorkerRole, partitions: Int, configuration: PostgresConfiguration, interval: Duration = .seconds(2),
        logger: Logger = Logger(label: "switchboard.gateway.leases")
    ) {
        self.role = role
        self.partitions = partitions
        self.configuration = configuration
        self.interval = interval
        self.logger = logger
    }

    /// The partitions held, and how many times this process has gained one so far. While the count
    /// stays the same, every partition held has been held without a break: one lost and taken
    /// again counts anew.
    public struct Holding: Sendable {
        public var partitions: Set<Int>
        public var acquisitions: Int
    }

    /// What is held right now.
    public var holding: Holding { held.withLock { $0 } }

    /// The partitions held right now.
    public var owned: Set<Int> { held.withLock { $0.partitions } }

    public func owns(_ partition: Int) -> Bool { held.withLock { $0.partitions.contains(partition) } }

    /// ``Holding/acquisitions`` when `partition` is held; nil when it is not.
    public func acquisitions(holding partition: Int) -> Int? {
        held.withLock { $0.partitions.contains(partition) ? $0.acquisitions : nil }
    }

    /// The held set each time it changes (starting with the current one).
    public func updates() -> AsyncStream<Set<Int>> {
        let (stream, continuation) = AsyncStream<Set<Int>>.makeStream(bufferingPolicy: .bufferingNewest(1))
        continuation.yield(owned)
        changes.withLock { $0.append(continuation) }
        return stream
    }

    /// Holds leases until cancelled; then releases them by closing the session.
    public func run() async {
        var connection: PostgresConnection?
        while !Task.isCancelled {
            do {
                if connection == nil || connection?.isHealthy == false {
                    if connection != nil {
                        logger.warning("lease connection lost; partitions released", metadata: ["role": "\(role)"])
                        publish([])
                    }
                    connection = try await PostgresConnection.connect(configuration, logger: logger)
                }
                guard let connection else { continue }
                // Confirms the session is alive, so what we hold is still ours.
                _ = try await connection.query("SELECT 1")
                var now = owned
                for partition in 0..<partitions where !now.contains(partition) {
                    let result = try await connection.query(
                        "SELECT pg_try_advisory_lock($1, $2)", [.int32(role.lockClass), .int32(Int32(partition))])
                    if try result[0].decode(Bool.self, at: 0) { now.insert(partition) }
                }
                if now != owned {
                    logger.info("partition leases changed", metadata: ["role": "\(role)", "held": "\(now.count)/\(partitions)"])
                    publish(now)
                }
            } catch {
                logger.warning("taking partition leases failed; will retry", metadata: ["role": "\(role)", "error": "\(error)"])
                if connection?.isHealthy == false {
                    publish([])
                    connection = nil
                }
            }
            try? await Task.sleep(for: interval)
        }
        publish([])
        _ = try? await connection?.query("SELECT pg_advisory_unlock_all()")
        connection = nil
        changes.withLock { $0.forEach { $0.finish() } }
    }

    private func publish(_ set: Set<Int>) {
        held.withLock { held in
            held.acquisitions += set.subtracting(held.partitions).count
            held.partitions = set
        }
        for continuation in changes.withLock({ $0 }) { continuation.yield(set) }
    }
}
