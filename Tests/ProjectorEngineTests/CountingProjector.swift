import EventLog
import Foundation
import Postgres
import ProjectorEngine
import ReadModels
import Synchronization

/// A test projector: one row per `test.*` event and a running count, so a double apply shows as a
/// count above the row total. It rejects `test.poison` events until `healed` is set, after writing
/// the whole batch's rows (so an atomicity failure would leave rows behind).
final class CountingProjector: Projector {
    let name: String
    let schema: ReadModelSchema
    let eventTypes: Set<String>? = ["test.counted", "test.poison"]
    let healed = Atomic<Bool>(false)
    /// Batches applied that held events.
    let batches = Atomic<Int>(0)

    /// Version 2 of the schema adds `rm_counted.stream_id`, which version 1 rows do not have.
    let version: Int

    init(name: String = "counting", version: Int = 1) throws {
        self.name = name
        self.version = version
        let streamColumn = version >= 2 ? ", stream_id text NOT NULL" : ""
        self.schema = try ReadModelSchema(
            name: name,
            sql: """
                -- schema version \(version)
                CREATE TABLE IF NOT EXISTS rm_checkpoints (projector text PRIMARY KEY, tx xid8 NOT NULL,
                    global_position bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
                CREATE TABLE IF NOT EXISTS rm_counted (global_position bigint PRIMARY KEY, event_type text NOT NULL\(streamColumn));
                CREATE TABLE IF NOT EXISTS rm_count (id int PRIMARY KEY, n bigint NOT NULL);
                """)
    }

    func apply(_ events: [RecordedEvent], from start: LogPosition, through end: LogPosition, on connection: PostgresConnection) async throws {
        guard !events.isEmpty else { return }
        batches.add(1, ordering: .relaxed)
        if version >= 2 {
            try await connection.query(
                "INSERT INTO rm_counted SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])",
                [.int64Array(events.map(\.globalPosition)), .textArray(events.map(\.type)), .textArray(events.map(\.streamID))])
        } else {
            try await connection.query(
                "INSERT INTO rm_counted SELECT * FROM unnest($1::bigint[], $2::text[])",
                [.int64Array(events.map(\.globalPosition)), .textArray(events.map(\.type))])
        }
        try await connection.query(
            "INSERT INTO rm_count VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET n = rm_count.n + excluded.n", [.int64(Int64(events.count))])
        if !healed.load(ordering: .relaxed), let poison = events.first(where: { $0.type == "test.poison" }) {
            throw ReadModelError(
                code: .undecodablePayload, message: "test poison", readModel: name, eventType: poison.type, position: poison.position)
        }
    }
}

extension NewEvent {
    static func counted(_ index: Int) -> NewEvent {
        NewEvent(type: "test.counted", payload: Data(#"{"n":\#(index)}"#.utf8))
    }
}
