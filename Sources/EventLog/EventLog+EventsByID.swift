import Foundation

extension EventLog {
    /// The stored events among `ids` (in log order), for checking whether work with derived ids was
    /// already recorded (an action's outcome, say) without reading its whole stream.
    public func events(withIDs ids: [UUID]) async throws -> [RecordedEvent] {
        guard !ids.isEmpty else { return [] }
        let result = try await pool.query(
            "SELECT \(Self.columns) FROM events WHERE event_id = ANY($1) ORDER BY global_position", [.uuidArray(ids)])
        return try decode(result)
    }
}
