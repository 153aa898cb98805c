import EventLog
import Foundation
import Messaging
import Postgres
import ReadModels

/// Reads and writes the analytics tables (`rm_analytics_hourly`, `rm_analytics_conversation`,
/// `rm_analytics_outbound`) in the projector's schema, in whole-batch statements. Writes are queued
/// (``PostgresConnection/enqueue(_:_:)``): they reach the server together with the batch's COMMIT.
enum AnalyticsRows {
    static func conversations(_ ids: Set<ConversationID>, on connection: PostgresConnection) async throws
        -> [ConversationID: AnalyticsConversation]
    {
        guard !ids.isEmpty else { return [:] }
        let result = try await connection.query(
            """
            SELECT conversation_id, channel, agent_id, awaiting_routing_since, unanswered_since
            FROM rm_analytics_conversation WHERE conversation_id = ANY($1)
            """,
            [.textArray(ids.map(\.rawValue))])
        var rows: [ConversationID: AnalyticsConversation] = [:]
        for row in result.rows {
            guard let id = ConversationID(rawValue: try row.decode(String.self, at: 0)),
                let channel = ChannelKind(rawValue: try row.decode(String.self, at: 1))
            else { continue }
            rows[id] = AnalyticsConversation(
                channel: channel, agentID: try row.decode(String?.self, at: 2), awaitingRoutingSince: try row.decode(Date?.self, at: 3),
                unansweredSince: try row.decode(Date?.self, at: 4))
        }
        return rows
    }

    static func outbound(_ ids: Set<UUID>, on connection: PostgresConnection) async throws -> [UUID: AnalyticsOutbound] {
        guard !ids.isEmpty else { return [:] }
        let result = try await connection.query(
            "SELECT outbound_id, conversation_id, channel, agent_id FROM rm_analytics_outbound WHERE outbound_id = ANY($1)",
            [.uuidArray(Array(ids))])
        var rows: [UUID: AnalyticsOutbound] = [:]
        for row in result.rows {
            guard let conversation = ConversationID(rawValue: try row.decode(String.self, at: 1)),
                let channel = ChannelKind(rawValue: try row.decode(String.self, at: 2))
            else { continue }
            rows[try row.decode(UUID.self, at: 0)] = AnalyticsOutbound(
                conversationID: conversation, channel: channel, agentID: try row.decode(String?.self, at: 3))
        }
        return rows
    }

    static let bucketColumns = """
        hour_start, channel, agent_id, inbound, outbound, delivered, failed, intents_recognized, erasures, response_count, \
        response_total_ms, array_to_string(response_samples_ms, ',')
        """

    /// The kept samples from `array_to_string(response_samples_ms, ',')` (digits and commas only).
    static func samples(_ text: String) throws -> [Int64] {
        var samples: [Int64] = []
        for part in text.utf8.split(separator: UInt8(ascii: ",")) {
            guard let value = Int64(Substring(part)) else {
                throw ReadModelError(
                    code: .corruptRow, message: "a stored response time sample is not an integer", readModel: AnalyticsSchema.name)
            }
            samples.append(value)
        }
        return samples
    }

    static func decodeBucket(_ row: PostgresRow, capacity: Int) throws -> (AnalyticsBucketKey, AnalyticsBucket) {
        let channel = try row.decode(String.self, at: 1)
        let agent = try row.decode(String.self, at: 2)
        let key = AnalyticsBucketKey(
            hourStart: try row.decode(Date.self, at: 0), channel: channel.isEmpty ? nil : ChannelKind(rawValue: channel),
            agentID: agent.isEmpty ? nil : agent)
        let samples = try samples(try row.decode(String.self, at: 11))
        let bucket = AnalyticsBucket(
            inbound: Int(try row.decode(Int64.self, at: 3)), outbound: Int(try row.decode(Int64.self, at: 4)),
            delivered: Int(try row.decode(Int64.self, at: 5)), failed: Int(try row.decode(Int64.self, at: 6)),
            intentsRecognized: Int(try row.decode(Int64.self, at: 7)), erasures: Int(try row.decode(Int64.self, at: 8)),
            responseTimes: ResponseTimeSamples(
                capacity: capacity, count: Int(try row.decode(Int64.self, at: 9)), totalMilliseconds: try row.decode(Int64.self, at: 10),
                kept: samples))
        return (key, bucket)
    }

    static func buckets(hours: Set<Date>, capacity: Int, on connection: PostgresConnection) async throws
        -> [AnalyticsBucketKey: AnalyticsBucket]
    {
        guard !hours.isEmpty else { return [:] }
        let result = try await connection.query(
            "SELECT \(bucketColumns) FROM rm_analytics_hourly WHERE hour_start = ANY($1)", [.timestamptzArray(Array(hours))])
        var rows: [AnalyticsBucketKey: AnalyticsBucket] = [:]
        for row in result.rows {
            let (key, bucket) = try decodeBucket(row, capacity: capacity)
            rows[key] = bucket
        }
        return rows
    }

    static func upsertBuckets(_ buckets: [(AnalyticsBucketKey, AnalyticsBucket)], on connection: PostgresConnection) {
        guard !buckets.isEmpty else { return }
        var hours: [Date?] = [], channels: [String?] = [], agents: [String?] = []
        var counters: [[Int64?]] = Array(repeating: [], count: 8)
        // Every bucket's kept samples travel in one flat array, each bucket naming its slice of it.
        var samples: [Int64?] = [], sliceStarts: [Int32?] = [], sliceEnds: [Int32?] = []
        var medians: [Int64?] = [], p95s: [Int64?] = []
        for (key, bucket) in buckets {
            hours.append(key.hourStart)
            channels.append(key.channel?.rawValue ?? "")
            agents.append(key.agentID ?? "")
            let values = [
                bucket.inbound, bucket.outbound, bucket.delivered, bucket.failed, bucket.intentsRecognized, bucket.erasures,
                bucket.responseTimes.count,
            ].map { Int64($0) }
            for (index, value) in values.enumerated() { counters[index].append(value) }
            counters[7].append(bucket.responseTimes.totalMilliseconds)
            sliceStarts.append(Int32(samples.count + 1))
            samples.append(contentsOf: bucket.responseTimes.kept.map { $0 })
            sliceEnds.append(Int32(samples.count))
            medians.append(bucket.responseTimes.medianMilliseconds)
            p95s.append(bucket.responseTimes.p95Milliseconds)
        }
        connection.enqueue(
            """
            INSERT INTO rm_analytics_hourly (hour_start, channel, agent_id, inbound, outbound, delivered, failed, intents_recognized,
                erasures, response_count, response_total_ms, response_samples_ms, response_median_ms, response_p95_ms)
            SELECT h, c, a, i, o, d, f, ir, e, rc, rt, coalesce(($12::bigint[])[lo:hi], '{}'), m, p
            FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[],
                        $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $13::int[], $14::int[], $15::bigint[], $16::bigint[])
                AS u(h, c, a, i, o, d, f, ir, e, rc, rt, lo, hi, m, p)
            ON CONFLICT (hour_start, channel, agent_id) DO UPDATE SET
                inbound = excluded.inbound, outbound = excluded.outbound, delivered = excluded.delivered, failed = excluded.failed,
                intents_recognized = excluded.intents_recognized, erasures = excluded.erasures,
                response_count = excluded.response_count, response_total_ms = excluded.response_total_ms,
                -- Kept unless changed: a full reservoir changes rarely, and rewriting its thousand samples
                -- (a TOASTed value) cost about 1.5 ms per bucket where keeping the stored one costs nothing.
                response_samples_ms = CASE WHEN rm_analytics_hourly.response_samples_ms = excluded.response_samples_ms
                    THEN rm_analytics_hourly.response_samples_ms ELSE excluded.response_samples_ms END,
                response_median_ms = excluded.response_median_ms,
                response_p95_ms = excluded.response_p95_ms
            """,
            [
                .timestamptzArray(hours), .textArray(channels), .textArray(agents), .int64Array(counters[0]), .int64Array(counters[1]),
                .int64Array(counters[2]), .int64Array(counters[3]), .int64Array(counters[4]), .int64Array(counters[5]),
                .int64Array(counters[6]), .int64Array(counters[7]), .int64Array(samples), .int32Array(sliceStarts), .int32Array(sliceEnds),
                .int64Array(medians), .int64Array(p95s),
            ])
    }

    static func upsertConversations(_ rows: [(ConversationID, AnalyticsConversation)], on connection: PostgresConnection) {
        guard !rows.isEmpty else { return }
        connection.enqueue(
            """
            INSERT INTO rm_analytics_conversation (conversation_id, channel, agent_id, awaiting_routing_since, unanswered_since)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])
            ON CONFLICT (conversation_id) DO UPDATE SET channel = excluded.channel, agent_id = excluded.agent_id,
                awaiting_routing_since = excluded.awaiting_routing_since, unanswered_since = excluded.unanswered_since
            """,
            [
                .textArray(rows.map(\.0.rawValue)), .textArray(rows.map(\.1.channel.rawValue)), .textArray(rows.map(\.1.agentID)),
                .timestamptzArray(rows.map(\.1.awaitingRoutingSince)), .timestamptzArray(rows.map(\.1.unansweredSince)),
            ])
    }

    static func writeOutbound(upsert rows: [(UUID, AnalyticsOutbound)], delete removed: [UUID], on connection: PostgresConnection) {
        if !removed.isEmpty {
            connection.enqueue("DELETE FROM rm_analytics_outbound WHERE outbound_id = ANY($1)", [.uuidArray(removed)])
        }
        guard !rows.isEmpty else { return }
        connection.enqueue(
            """
            INSERT INTO rm_analytics_outbound (outbound_id, conversation_id, channel, agent_id)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])
            ON CONFLICT (outbound_id) DO UPDATE SET conversation_id = excluded.conversation_id, channel = excluded.channel,
                agent_id = excluded.agent_id
            """,
            [
                .uuidArray(rows.map(\.0)), .textArray(rows.map(\.1.conversationID.rawValue)), .textArray(rows.map(\.1.channel.rawValue)),
                .textArray(rows.map(\.1.agentID)),
            ])
    }
}
