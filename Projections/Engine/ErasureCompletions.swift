import Postgres

/// Records that a read model purged an erased subject's rows (`projection_shared.erasure_completions`),
/// inside the projector's batch transaction so the record and the purge commit together. The erasure
/// read model reads these rows to report each request as pending or complete.
public enum ErasureCompletions {
    /// Records `readModel`'s purge of each subject (keyed by the `subject.erased` event's position).
    /// A subject already recorded keeps its first completion time (a rebuild re-purges, it does not re-date).
    /// Queued (``PostgresConnection/enqueue(_:_:)``): it reaches the server with the batch's next statement or COMMIT.
    public static func record(_ erasures: [(subjectID: String, position: Int64)], readModel: String, on connection: PostgresConnection) {
        guard !erasures.isEmpty else { return }
        connection.enqueue(
            """
            INSERT INTO projection_shared.erasure_completions (subject_id, read_model, erasure_position)
            SELECT s, $2, p FROM unnest($1::text[], $3::bigint[]) AS u(s, p)
            ON CONFLICT (subject_id, read_model) DO NOTHING
            """,
            [.textArray(erasures.map(\.subjectID)), .text(readModel), .int64Array(erasures.map(\.position))])
    }
}
