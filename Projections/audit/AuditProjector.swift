import EventLog
import Foundation
import Messaging
import Postgres
import Privacy
import ProjectorEngine
import ReadModels

/// Writes one `rm_audit` row per audited event with ``AuditFold`` (one INSERT per batch). On
/// `subject.erased` it clears the subject's pseudonym from its earlier rows (actor included) and
/// records the purge in the erasure completions, in the same transaction.
public struct AuditProjector: Projector {
    public let name = AuditSchema.name
    public let schema: ReadModelSchema
    /// Every event: audited families (`agent.*`, `admin.*`, …) are open-ended.
    public let eventTypes: Set<String>? = nil
    public let fold = AuditFold()

    public init() throws(ReadModelError) {
        self.schema = try AuditSchema.load()
    }

    public func apply(_ events: [RecordedEvent], from start: LogPosition, through end: LogPosition, on connection: PostgresConnection)
        async throws
    {
        // Rows are written in log order up to each erasure, then the erasure purges what is written
        // so far: the same rows are purged whatever the batch boundaries (live and rebuild agree).
        var pending: [AuditEntry] = []
        var erasures: [(subjectID: String, position: Int64)] = []
        for event in events {
            guard let entry = try fold.entry(for: event) else { continue }
            pending.append(entry)
            if event.type == SubjectErased.eventType, let subject = entry.subjectID {
                insert(pending, on: connection)
                pending.removeAll()
                connection.enqueue(
                    """
                    UPDATE rm_audit SET subject_id = NULL,
                        actor = CASE WHEN actor = 'subject:' || $1 THEN 'subject:[erased]' ELSE actor END
                    WHERE subject_id = $1 AND global_position <> $2
                    """,
                    [.text(subject), .int64(event.globalPosition)])
                erasures.append((subject, event.globalPosition))
            }
        }
        insert(pending, on: connection)
        ErasureCompletions.record(erasures, readModel: name, on: connection)
    }

    /// Queued: the rows go to the server with the batch's COMMIT. A plain INSERT: the batch's checkpoint
    /// fence means an event is folded once per copy, so a row that exists already is a fault to stop on,
    /// not one to skip (and `ON CONFLICT` cost an index probe and a speculative-insertion lock per row).
    private func insert(_ entries: [AuditEntry], on connection: PostgresConnection) {
        guard !entries.isEmpty else { return }
        connection.enqueue(
            """
            INSERT INTO rm_audit (global_position, event_id, occurred_at, actor, action, conversation_id, correlation_id, outcome, subject_id)
            SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::uuid[],
                                 $8::text[], $9::text[])
            """,
            [
                .int64Array(entries.map(\.globalPosition)), .uuidArray(entries.map(\.eventID)),
                .timestamptzArray(entries.map(\.occurredAt)), .textArray(entries.map(\.actor)), .textArray(entries.map(\.action)),
                .textArray(entries.map(\.conversationID)), .uuidArray(entries.map(\.correlationID)),
                .textArray(entries.map(\.outcome)), .textArray(entries.map(\.subjectID)),
            ])
    }
}
