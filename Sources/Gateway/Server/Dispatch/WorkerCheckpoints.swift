import EventLog
import Postgres

/// How far each partition of a role has finished its work, in subscription order; stored in
/// `worker_checkpoints` so the next holder of a partition resumes there. Work is idempotent by
/// event id, so resuming from a checkpoint slightly behind never duplicates an effect.
public struct WorkerCheckpoints: Sendable {
    let pool: PostgresPool
    let role: WorkerRole

    public init(pool: PostgresPool, role: WorkerRole) {
        self.pool = pool
        self.role = role
    }

    /// The stored checkpoints (partitions without one start at the beginning of the log).
    public func load() async throws -> [Int: LogPosition] {
        let result = try await pool.query(
            "SELECT partition, tx::text::bigint, global_position FROM worker_checkpoints WHERE role = $1", [.text(role.name)])
        var positions: [Int: LogPosition] = [:]
        for row in result.rows {
            positions[Int(try row.decode(Int32.self, at: 0))] = LogPosition(
                transaction: UInt64(try row.decode(Int64.self, at: 1)), globalPosition: try row.decode(Int64.self, at: 2))
        }
        return positions
    }

    /// Stores `positions`, never moving a checkpoint backwards.
    public func save(_ positions: [Int: LogPosition]) async throws {
        guard !positions.isEmpty else { return }
        let sorted = positions.sorted { $0.key < $1.key }
        try await pool.query(
            """
            INSERT INTO worker_checkpoints (role, partition, tx, global_position)
            SELECT $1, p, t::text::xid8, g FROM unnest($2::int4[], $3::int8[], $4::int8[]) AS u(p, t, g)
            ON CONFLICT (role, partition) DO UPDATE SET tx = excluded.tx, global_position = excluded.global_position, updated_at = now()
            WHERE (worker_checkpoints.tx, worker_checkpoints.global_position) < (excluded.tx, excluded.global_position)
            """,
            [
                .text(role.name), .int32Array(sorted.map { Int32($0.key) }),
                .int64Array(sorted.map { Int64(bitPattern: $0.value.transaction) }), .int64Array(sorted.map { $0.value.globalPosition }),
            ])
    }
}
