import Foundation
import Postgres
import ReadModels

/// The erasure read API's queries over the live tombstones (`projection_erasure`) and the shared
/// completion records.
public enum ErasureQueries {
    /// The read models that hold per-subject rows and must purge them for a request to be complete.
    public static let purgingReadModels = ["analytics", "audit", "conversation_context"]

    private struct Key: Codable {
        var position: Int64
    }

    /// Requests in log order, `limit` (1…500) at a time, optionally only pending or complete ones.
    /// - Throws: ``ReadModelError`` `.invalidCursor` / `.invalidQuery` for bad parameters.
    public static func list(
        status: ErasureRequest.Status? = nil, after cursor: String? = nil, limit: Int = 100, readModels: [String] = purgingReadModels,
        on connection: PostgresConnection
    ) async throws -> ReadModelPage<ErasureRequest> {
        guard (1...500).contains(limit) else {
            throw ReadModelError(code: .invalidQuery, message: "limit must be 1…500", readModel: ErasureSchema.name)
        }
        let after = try cursor.map { cursor throws(ReadModelError) in try PageCursor.decode(cursor, as: Key.self, readModel: ErasureSchema.name) }
        let result = try await connection.query(
            """
            SELECT r.subject_id, r.requested_by, r.reason, r.requested_at, r.global_position,
                   coalesce((SELECT jsonb_object_agg(c.read_model, (extract(epoch FROM c.completed_at) * 1000000)::bigint)
                             FROM projection_shared.erasure_completions c
                             WHERE c.subject_id = r.subject_id AND c.read_model = ANY($2)), '{}')::text,
                   (SELECT count(*) FROM projection_shared.erasure_completions c
                    WHERE c.subject_id = r.subject_id AND c.read_model = ANY($2)) = cardinality($2::text[]) AS complete
            FROM projection_erasure.rm_erasure_requests r
            WHERE r.global_position > $1
            ORDER BY r.global_position
            """,
            [.int64(after?.position ?? 0), .textArray(readModels)])
        var items: [ErasureRequest] = []
        var last: Int64?
        var more = false
        for row in result.rows {
            let complete = try row.decode(Bool.self, at: 6)
            if let status, (status == .complete) != complete { continue }
            if items.count == limit {
                more = true
                break
            }
            let times = try JSONDecoder().decode([String: Int64].self, from: Data(try row.decode(String.self, at: 5).utf8))
            var completedAt: [String: Date?] = [:]
            for model in readModels { completedAt[model] = .some(times[model].map { Date(timeIntervalSince1970: Double($0) / 1_000_000) }) }
            items.append(
                ErasureRequest(
                    subjectID: try row.decode(String.self, at: 0), requestedBy: try row.decode(String.self, at: 1),
                    reason: try row.decode(String.self, at: 2), requestedAt: try row.decode(Date.self, at: 3),
                    status: complete ? .complete : .pending, completedAt: completedAt))
            last = try row.decode(Int64.self, at: 4)
        }
        return ReadModelPage(items: items, nextCursor: more ? last.map { PageCursor.encode(Key(position: $0)) } : nil)
    }
}
