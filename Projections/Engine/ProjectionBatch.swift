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
        try await connection.transaction(beginningWith: ProjectionCheckpoint.settings(schema, fencedBy: fencedBy)) { connection in
            try await applyInOpenTransaction(events, through: through, expected: expected, on: connection)
        }
    }

    /// The body of ``commit(_:through:expected:on:)`` for a caller that holds the transaction open
    /// (a rebuild's final catch-up and swap); `search_path` must already point at ``schema``.
    func applyInOpenTransaction(_ events: [RecordedEvent], through: LogPosition, expected: LogPosition, on connection: PostgresConnection)
        async throws
    {
        let stored = try await ProjectionCheckpoint.read(projector.name, forUpdate: true, on: connection)
        guard stored == expected else {
            throw ProjectorError(
                code: .checkpointMoved,
                message: "the stored checkpoint is \(stored), this runner expected \(expected); reloading it",
                projector: projector.name)
        }
        if !events.isEmpty {
            do {
                try await projector.apply(events, on: connection)
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
        ProjectionCheckpoint.write(projector.name, through, on: connection)
    }
}
