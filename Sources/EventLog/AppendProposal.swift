import Foundation
import Postgres
import Synchronization

extension ExpectedVersion {
    /// The version the stream must be at, or nil for `.any`.
    var requiredVersion: Int64? {
        switch self {
        case .any: return nil
        case .noStream: return 0
        case .exact(let version): return version
        }
    }
}

extension EventLog {
    /// An INSERT of events from one array parameter per column, `$first` onwards: stream id, version,
    /// event id, type, schema version, occurred at (microseconds), correlation id, causation id,
    /// subject id, codec, payload, metadata, previous hash and hash (an append batch's binds from the
    /// seventh on). `switchboard bench append` sends it to a copy of the events table to measure the
    /// server's own ceiling for the rows the log writes.
    public static func insertingEventRows(into table: String, firstParameter first: Int) -> String {
        let types = ["text", "bigint", "uuid", "text", "integer", "timestamptz", "uuid", "uuid", "text", "smallint", "bytea", "json", "bytea", "bytea"]
        let arrays = types.enumerated().map { "$\(first + $0.offset)::\($0.element)[]" }.joined(separator: ", ")
        return """
            INSERT INTO \(table) (stream_id, stream_version, event_id, event_type, schema_version, occurred_at,
                                correlation_id, causation_id, subject_id, codec, payload, metadata, prev_hash, hash)
            SELECT * FROM unnest(\(arrays))
            """
    }
}

/// One batch as sent to `sb_append_batch`: per append the proposed head and the head after it,
/// per event its version and its link in the stream's hash chain.
struct AppendProposal {
    static let sql = """
        SELECT * FROM sb_append_batch($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
        """

    /// The fast path (Migrations 0013): the same parameters, for a batch whose every append moves its
    /// stream's head and holds no stored event. One row per event, its position, in the batch's
    /// event order. Anything else fails the whole statement (SQLSTATE ``headsNotMoved`` or a unique
    /// violation) and writes nothing; the batch then goes to ``sql``.
    static let fastSQL = """
        WITH r AS (
            SELECT * FROM unnest($1::text[], $2::bigint[], $3::bytea[], $4::integer[], $5::bytea[]) AS r (sid, base, prev, cnt, head)
        ),
        created AS (
            INSERT INTO streams (stream_id, version, last_hash)
            SELECT r.sid, r.cnt, r.head FROM r WHERE r.base = 0
            ON CONFLICT (stream_id) DO NOTHING
            RETURNING 1
        ),
        advanced AS (
            UPDATE streams s SET version = r.base + r.cnt, last_hash = r.head
            FROM r WHERE r.base > 0 AND s.stream_id = r.sid AND s.version = r.base AND s.last_hash = r.prev
            RETURNING 1
        )
        \(EventLog.insertingEventRows(into: "events", firstParameter: 7))
        WHERE sb_require_moved((SELECT count(*) FROM created) + (SELECT count(*) FROM advanced), cardinality($1::text[]))
        RETURNING global_position
        """
    /// What ``fastSQL`` raises when some append's head did not move.
    static let headsNotMoved = "SBA01"

    /// The head each append leads to if it is written.
    var heads: [StreamHead] = []
    var binds: [PostgresBind] = []

    init(batch: [PendingAppend], heads cache: StreamHeads) {
        var bases: [Int64?] = []
        var previous: [[UInt8]?] = []
        var counts: [Int32?] = []
        var newHeads: [[UInt8]?] = []
        var firstIDs: [UUID?] = []
        var eventStream: [String?] = []
        var eventVersion: [Int64?] = []
        var eventPrevious: [[UInt8]?] = []
        var eventHash: [[UInt8]?] = []
        for append in batch {
            let proposed = Self.propose(append, cached: cache.head(of: append.streamID))
            var link = proposed.hash ?? HashChain.zero
            var version = proposed.version
            for event in append.events {
                version += 1
                eventPrevious.append(link)
                link = HashChain.link(previous: link, version: version, digest: event.digest)
                eventHash.append(link)
                eventStream.append(append.streamID)
                eventVersion.append(version)
            }
            bases.append(proposed.version)
            previous.append(proposed.hash)
            counts.append(Int32(append.events.count))
            newHeads.append(link)
            firstIDs.append(append.events[0].event.id)
            heads.append(StreamHead(version: version, hash: link))
        }
        let events = batch.flatMap(\.events)
        binds = [
            .textArray(batch.map(\.streamID)),
            .int64Array(bases),
            .byteaArray(previous),
            .int32Array(counts),
            .byteaArray(newHeads),
            .uuidArray(firstIDs),
            .textArray(eventStream),
            .int64Array(eventVersion),
            .uuidArray(events.map { $0.event.id }),
            .textArray(events.map { $0.event.type }),
            .int32Array(events.map { Int32($0.event.schemaVersion) }),
            .timestamptzMicrosecondsArray(events.map { $0.occurredMicroseconds }),
            .uuidArray(events.map { $0.event.correlationID }),
            .uuidArray(events.map { $0.event.causationID }),
            .textArray(events.map { $0.event.subjectID }),
            .int16Array(events.map { $0.codec.rawValue }),
            .byteaArray(events.map { $0.payload }),
            .jsonArray(events.map { $0.metadataJSON }),
            .byteaArray(eventPrevious),
            .byteaArray(eventHash),
        ]
    }

    /// The head to propose: what the caller requires when it names a version, else the cached head.
    static func propose(_ append: PendingAppend, cached: StreamHead?) -> StreamHead {
        guard let required = append.expected.requiredVersion else { return cached ?? .empty }
        if required == 0 { return .empty }
        if let cached, cached.version == required { return cached }
        return StreamHead(version: required, hash: nil)
    }
}
