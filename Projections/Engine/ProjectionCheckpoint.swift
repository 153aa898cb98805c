import EventLog
import Postgres

/// Reads and writes a projector's checkpoint, the (transaction, position) cursor of the last event
/// its rows include, in `rm_checkpoints` of the schema on the `search_path`.
enum ProjectionCheckpoint {
    /// The stored checkpoint (``LogPosition/start`` when none).
    static func read(_ projector: String, on connection: PostgresConnection) async throws -> LogPosition {
        let result = try await connection.query("SELECT tx, global_position FROM rm_checkpoints WHERE projector = $1", [.text(projector)])
        guard result.rowCount == 1 else { return .start }
        return LogPosition(transaction: try result[0].decode(UInt64.self, at: 0), globalPosition: try result[0].decode(Int64.self, at: 1))
    }

    /// The SQLSTATE of `projection_shared.sb_advance_checkpoint` when the stored checkpoint is not the expected one.
    static let movedSQLState = "SBCKM"

    /// Moves the checkpoint from `expected` to `position`, queued (``PostgresConnection/enqueue(_:_:)``):
    /// it reaches the server with the transaction's next statement or its COMMIT, and fails there
    /// with ``movedSQLState`` when the stored checkpoint is not `expected`, aborting the transaction.
    /// It goes ahead of the batch's reads as well as its writes: rows read before it could belong to
    /// a copy a rebuild swapped in at another checkpoint, and a projector that keeps rows between
    /// batches (``CheckpointedRows``) would store what it folded from them before the COMMIT fails.
    static func advance(_ projector: String, from expected: LogPosition, to position: LogPosition, on connection: PostgresConnection) {
        connection.enqueue(
            "SELECT projection_shared.sb_advance_checkpoint($1, $2, $3, $4, $5)",
            [
                .text(projector), .xid8(expected.transaction), .int64(expected.globalPosition), .xid8(position.transaction),
                .int64(position.globalPosition),
            ])
    }

    /// Points the transaction's `search_path` at `schema` (then `public`, where the log lives) and lets
    /// it commit without waiting for the WAL flush. That is safe for read models: they are derived from
    /// the log, and the checkpoint commits with the rows, so a crash that loses the last commits loses
    /// their checkpoint too and the projector projects those events again. (Appends stay durable.)
    static func usingSchema(_ schema: String, on connection: PostgresConnection) async throws {
        try await connection.execute(settings(schema, fencedBy: nil))
    }

    /// The statement behind ``usingSchema(_:on:)``, parameterless so it can ride with a BEGIN; with
    /// `fencedBy`, it then takes that transaction advisory lock shared (before any read-model table
    /// is named, so a rebuild's swap holding it exclusive never waits on this transaction).
    static func settings(_ schema: String, fencedBy: (Int32, Int32)?) -> String {
        let path = "\(schema), public".replacingOccurrences(of: "'", with: "''")
        let fence = fencedBy.map { ", pg_advisory_xact_lock_shared(\($0.0), \($0.1))" } ?? ""
        return "SELECT set_config('search_path', '\(path)', true), set_config('synchronous_commit', 'off', true)\(fence)"
    }
}
