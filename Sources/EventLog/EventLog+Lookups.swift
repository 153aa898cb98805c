import Foundation

extension EventLog {
    /// The first transaction id not yet begun anywhere in the cluster. Every event whose
    /// ``LogPosition/transaction`` is at or above it was committed after this call returned.
    public func nextTransaction() async throws -> UInt64 {
        let result = try await pool.query("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")
        return UInt64(try result[0].decode(Int64.self, at: 0))
    }

    /// Event `id` when it is among the few events just before `position` in this process's window of
    /// the newest events (one appended together with the event at `position`, say); nil when it is
    /// not there, and Postgres must be asked.
    public func recentEvent(_ id: UUID, shortlyBefore position: LogPosition) -> RecordedEvent? {
        recent?.event(id, atOrBefore: position, within: 16)
    }

    /// The position of the latest event recorded before `date`, at or before `limit` in subscription
    /// order; ``LogPosition/start`` when there is none. Walks the subscription-order index backwards
    /// from `limit`, so it reads about as many rows as were recorded since `date`. For workers that
    /// rebuild a time window (the last W seconds) from the log on start.
    public func lastPosition(recordedBefore date: Date, atOrBefore limit: LogPosition? = nil) async throws -> LogPosition {
        let bound = limit ?? LogPosition(transaction: UInt64(Int64.max), globalPosition: Int64.max)
        let result = try await pool.query(
            """
            SELECT tx::text::bigint, global_position FROM events
            WHERE (tx, global_position) <= ($1::xid8, $2) AND recorded_at < $3
            ORDER BY tx DESC, global_position DESC LIMIT 1
            """, [.xid8(bound.transaction), .int64(bound.globalPosition), .timestamptz(date)])
        guard result.rowCount == 1 else { return .start }
        return LogPosition(transaction: UInt64(try result[0].decode(Int64.self, at: 0)), globalPosition: try result[0].decode(Int64.self, at: 1))
    }

    /// The events after `position` up to and including `through`, in subscription order, that match
    /// `filter`. Both ends must be positions already read below the barrier (a checkpoint, a cursor).
    public func readRange(after position: LogPosition, through: LogPosition, filter: EventFilter = .all) async throws -> [RecordedEvent] {
        guard position < through else { return [] }
        let result = try await pool.query(
            "SELECT \(Self.columns) FROM sb_read_range($1, $2, $3, $4, $5, $6)",
            [
                .xid8(position.transaction), .int64(position.globalPosition), .xid8(through.transaction), .int64(through.globalPosition),
                filter.types.map { .textArray($0) } ?? .null, filter.categories.map { .textArray($0) } ?? .null,
            ])
        return try decode(result)
    }
}

extension EventLog {
    /// The event with id `id`, or nil when the log has none.
    public func event(withID id: UUID) async throws -> RecordedEvent? {
        let result = try await pool.query("SELECT \(Self.columns) FROM events WHERE event_id = $1", [.uuid(id)])
        return try decode(result).first
    }
}
