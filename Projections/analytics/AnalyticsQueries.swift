import Foundation
import Postgres
import ReadModels

/// The analytics read API's queries over the live read model (`projection_analytics`).
public enum AnalyticsQueries {
    /// Hourly rows with `from <= hour_start < to`, optionally for one channel and/or agent, oldest first
    /// (at most 31 days × every channel and agent).
    /// - Throws: ``ReadModelError`` `.invalidQuery` for an empty or longer than 31-day range.
    public static func hourly(from: Date, to: Date, channel: String? = nil, agentID: String? = nil, on connection: PostgresConnection)
        async throws -> [AnalyticsHour]
    {
        guard from < to, to.timeIntervalSince(from) <= 31 * 86_400 else {
            throw ReadModelError(code: .invalidQuery, message: "the range must be non-empty and at most 31 days", readModel: AnalyticsSchema.name)
        }
        let result = try await connection.query(
            """
            SELECT hour_start, channel, agent_id, inbound, outbound, delivered, failed, intents_recognized, erasures, response_count,
                   response_median_ms, response_p95_ms
            FROM projection_analytics.rm_analytics_hourly
            WHERE hour_start >= $1 AND hour_start < $2 AND ($3::text IS NULL OR channel = $3) AND ($4::text IS NULL OR agent_id = $4)
            ORDER BY hour_start, channel, agent_id
            """,
            [.timestamptz(from), .timestamptz(to), channel.map { .text($0) } ?? .null, agentID.map { .text($0) } ?? .null])
        return try result.rows.map { row in
            let channel = try row.decode(String.self, at: 1)
            let agent = try row.decode(String.self, at: 2)
            return AnalyticsHour(
                hourStart: try row.decode(Date.self, at: 0), channel: channel.isEmpty ? nil : channel, agentID: agent.isEmpty ? nil : agent,
                inbound: Int(try row.decode(Int64.self, at: 3)), outbound: Int(try row.decode(Int64.self, at: 4)),
                delivered: Int(try row.decode(Int64.self, at: 5)), failed: Int(try row.decode(Int64.self, at: 6)),
                intentsRecognized: Int(try row.decode(Int64.self, at: 7)), erasures: Int(try row.decode(Int64.self, at: 8)),
                responseCount: Int(try row.decode(Int64.self, at: 9)), responseMedianMilliseconds: try row.decode(Int64?.self, at: 10),
                responseP95Milliseconds: try row.decode(Int64?.self, at: 11))
        }
    }
}
