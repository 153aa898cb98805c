import EventLog
import Postgres
import ReadModels

/// A read model's writer: it owns a schema (`Projections/<name>/schema.sql`), names the event types
/// it consumes, and folds a batch of events into its rows. The engine calls ``apply(_:from:through:on:)`` inside
/// the transaction that also moves the projector's checkpoint, with `search_path` set to the schema
/// being written (the live one, or a rebuild's fresh copy), so unqualified table names are right.
public protocol Projector: Sendable {
    /// The read model's name (`[a-z][a-z0-9_]*`); its Postgres schema is `projection_<name>`.
    var name: String { get }
    /// The versioned SQL that creates the read model's tables (including `rm_checkpoints`).
    var schema: ReadModelSchema { get }
    /// The event types the projector reads, or nil for every event.
    var eventTypes: Set<String>? { get }
    /// Writes the rows for `events` (in subscription order; none when a filtered scan matched nothing)
    /// on `connection`, inside the open transaction that moves the checkpoint from `start` to `end`.
    /// A projector that keeps rows in memory between batches uses the range to know which checkpoint
    /// they belong to (see ``CheckpointedRows``); the others ignore it.
    /// - Throws: ``ReadModelError`` naming the event it cannot handle; the engine stops the projector there.
    func apply(_ events: [RecordedEvent], from start: LogPosition, through end: LogPosition, on connection: PostgresConnection) async throws
    /// The instance a rebuild writes its copy with. It may hold rows in memory across batches
    /// (``HeldRows``) while its checkpoint moves on: nobody reads the copy before the swap, and a failed
    /// rebuild drops it. The default is the projector itself, writing every batch.
    func rebuilding() -> any Projector
    /// Writes the rows a rebuilding instance holds back and stops holding them, inside the
    /// transaction that completes the rebuild's copy (`search_path` on it), before its read indexes
    /// are created and its swap. The default has nothing to write.
    func writeHeldRows(on connection: PostgresConnection) async throws
}

extension Projector {
    public func rebuilding() -> any Projector { self }
    public func writeHeldRows(on connection: PostgresConnection) async throws {}
}
