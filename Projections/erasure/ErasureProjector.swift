import EventLog
import Foundation
import Postgres
import Privacy
import ProjectorEngine
import ReadModels

/// Writes one `rm_erasure_requests` row per `subject.erased` event (the tombstone). Completion is
/// not written here: each purging projector records its own in `projection_shared.erasure_completions`.
public struct ErasureProjector: Projector {
    public let name = ErasureSchema.name
    public let schema: ReadModelSchema
    public let eventTypes: Set<String>? = [SubjectErased.eventType]

    public init() throws(ReadModelError) {
        self.schema = try ErasureSchema.load()
    }

    public func apply(_ events: [RecordedEvent], from start: LogPosition, through end: LogPosition, on connection: PostgresConnection)
        async throws
    {
        var requests: [(SubjectErased, RecordedEvent)] = []
        for event in events where event.type == SubjectErased.eventType {
            requests.append((try event.plainPayload(SubjectErased.self, expectedVersion: SubjectErased.schemaVersion, for: name), event))
        }
        guard !requests.isEmpty else { return }
        connection.enqueue(
            """
            INSERT INTO rm_erasure_requests (subject_id, requested_by, reason, requested_at, event_id, global_position)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::uuid[], $6::bigint[])
            ON CONFLICT (subject_id) DO NOTHING
            """,
            [
                .textArray(requests.map(\.0.subjectID)), .textArray(requests.map(\.0.requestedBy)), .textArray(requests.map(\.0.reason)),
                .timestamptzArray(requests.map(\.1.occurredAt)), .uuidArray(requests.map(\.1.id)), .int64Array(requests.map(\.1.globalPosition)),
            ])
    }
}
