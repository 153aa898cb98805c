import EventLog
import Foundation
import Messaging
import Postgres

/// What the per-day quotas count, read from the log itself so every process sees the same
/// figures: an agent's runs in one conversation (its `routing.decided` events) and its LLM tokens
/// (the `tokens` metadata of its `agent.llm_called` events). Days are UTC days.
public struct AgentUsage: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Runs routed to `agent` in `stream` since the start of the UTC day of `now`, up to the run
    /// being decided (at `version`) included; later messages already waiting do not count yet.
    public func runs(of agent: String, in stream: String, through version: Int64, dayOf now: Date) async throws -> Int {
        let result = try await pool.query(
            """
            SELECT count(*) FROM events
            WHERE stream_id = $1 AND stream_version <= $2 AND event_type = $3 AND occurred_at >= $4 AND metadata->>'agent' = $5
            """,
            [.text(stream), .int64(version), .text(RoutingDecided.eventType), .timestamptz(Self.dayStart(of: now)), .text(agent)])
        return Int(try result[0].decode(Int64.self, at: 0))
    }

    /// LLM tokens (in and out) `agent` used since the start of the UTC day of `now`.
    public func tokens(of agent: String, dayOf now: Date) async throws -> Int {
        let result = try await pool.query(
            """
            SELECT coalesce(sum((metadata->>'tokens')::bigint), 0)::bigint FROM events
            WHERE event_type = $1 AND occurred_at >= $2 AND metadata->>'agent' = $3
            """, [.text(AgentLLMCalled.eventType), .timestamptz(Self.dayStart(of: now)), .text(agent)])
        return Int(try result[0].decode(Int64.self, at: 0))
    }

    static func dayStart(of date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.startOfDay(for: date)
    }
}
