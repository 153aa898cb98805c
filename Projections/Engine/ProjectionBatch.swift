import EventLog
import Postgres
import ReadModels

/// One batch of a projector's events committed with its checkpoint: the rows and the new cursor land
/// in the same transaction or not at all, and only if the stored checkpoint is still where the caller
/// left it (a fence against a second instance or a rebuild's swap).
struct ProjectionBatch: Sendable {
    let projector: any Projector
    /// The schema written (live or build).
    let schema: String
    /// Whether to take the swap lock shared, so a rebuild's swap waits for this batch (live writes only).
    let fencedBy: (Int32, Int32)?

    /// Applies `events` and moves the checkpoint from `expected` to `through` in a transaction of its own.
    /// - Throws: ``ProjectorError`` `.checkpointMoved` when the stored checkpoint is not `expected`;
    ///   ``ProjectorError`` `.unhandledEvent` when the projector rejects an event; Postgres errors.
    func commit(_ events: [RecordedEvent], through: LogPosition, expected: LogPosition, on connection: PostgresConnection) async throws {
        do {
            try await connection.transaction(beginningWith: ProjectionCheckpoint.settings(schema, fencedBy: fencedBy)) { connection in
                try await applyInOpenTransaction(events, through: through, expected: expected, on: connection)
            }
        } catch let error as PostgresError where error.sqlState == ProjectionCheckpoint.movedSQLState {
            throw ProjectorError(code: .checkpointMoved, message: "\(error.message); reloading it", projector: projector.name)
        }
    }

    /// The body of ``commit(_:through:expected:on:)`` for a caller that holds the transaction open
    /// (a rebuild's final catch-up and swap); `search_path` must already point at ``schema``. The
    /// checkpoint moves first, queued with the writes: when the stored one is not `expected`, the
    /// transaction's next statement fails with SQLSTATE ``ProjectionCheckpoint/movedSQLState`` and
    /// nothing of the batch is written.
    func applyInOpenTransaction(_ events: [RecordedEvent], through: LogPosition, expected: LogPosition, on connection: PostgresConnection)
        async throws
    {
        ProjectionCheckpoint.advance(projector.name, from: expected, to: through, on: connection)
        do {
            try await projector.apply(events, from: expected, through: through, on: connection)
        } catch let error as ReadModelError {
            throw ProjectorError(
                code: .unhandledEvent,
                message: error.message,
                projector: projector.name,
                eventType: error.eventType,
                position: error.position,
                underlying: error)
        }
    }
}
