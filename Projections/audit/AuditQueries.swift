import Foundation
import Postgres
import ReadModels

/// The audit read API's queries over the live read model (`projection_audit`): a filtered page in log
/// order with a cursor, and NDJSON / CSV exports that page through everything the filter matches.
public enum AuditQueries {
    private struct Key: Codable {
        var position: Int64
    }

    /// Rows matching `filter` after `cursor`, in global-position order, `limit` (1…1000) at a time.
    /// - Throws: ``ReadModelError`` `.invalidCursor` / `.invalidQuery` for bad parameters.
    public static func page(_ filter: AuditFilter, after cursor: String? = nil, limit: Int = 100, on connection: PostgresConnection)
        async throws -> ReadModelPage<AuditEntry>
    {
        guard (1...1000).contains(limit) else {
            throw ReadModelError(code: .invalidQuery, message: "limit must be 1…1000", readModel: AuditSchema.name)
        }
        if let from = filter.from, let to = filter.to, from >= to {
            throw ReadModelError(code: .invalidQuery, message: "from must be before to", readModel: AuditSchema.name)
        }
        let after = try cursor.map { cursor throws(ReadModelError) in try PageCursor.decode(cursor, as: Key.self, readModel: AuditSchema.name) }
        let result = try await connection.query(
            """
            SELECT global_position, event_id, occurred_at, actor, action, conversation_id, correlation_id, outcome, subject_id
            FROM projection_audit.rm_audit
            WHERE global_position > $1
              AND ($2::timestamptz IS NULL OR occurred_at >= $2) AND ($3::timestamptz IS NULL OR occurred_at < $3)
              AND ($4::text IS NULL OR actor = $4) AND ($5::text IS NULL OR conversation_id = $5) AND ($6::text IS NULL OR action = $6)
            ORDER BY global_position
            LIMIT $7
            """,
            [
                .int64(after?.position ?? 0), filter.from.map { .timestamptz($0) } ?? .null, filter.to.map { .timestamptz($0) } ?? .null,
                filter.actor.map { .text($0) } ?? .null, filter.conversationID.map { .text($0) } ?? .null,
                filter.action.map { .text($0) } ?? .null, .int32(Int32(limit + 1)),
            ])
        let entries = try result.rows.prefix(limit).map { row in
            AuditEntry(
                globalPosition: try row.decode(Int64.self, at: 0), eventID: try row.decode(UUID.self, at: 1),
                occurredAt: try row.decode(Date.self, at: 2), actor: try row.decode(String.self, at: 3),
                action: try row.decode(String.self, at: 4), conversationID: try row.decode(String?.self, at: 5),
                correlationID: try row.decode(UUID?.self, at: 6), outcome: try row.decode(String.self, at: 7),
                subjectID: try row.decode(String?.self, at: 8))
        }
        let next = result.rowCount > limit ? entries.last.map { PageCursor.encode(Key(position: $0.globalPosition)) } : nil
        return ReadModelPage(items: entries, nextCursor: next)
    }

    /// Every row matching `filter`, one JSON object per line, handed to `write` a page at a time.
    /// - Returns: the number of rows exported.
    @discardableResult
    public static func exportNDJSON(_ filter: AuditFilter, on connection: PostgresConnection, write: (String) async throws -> Void)
        async throws -> Int
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true)))
        }
        return try await export(filter, on: connection) { entries in
            try entries.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }.joined()
        } write: { try await write($0) }
    }

    /// The CSV header line of ``exportCSV(_:on:write:)``.
    public static let csvHeader = "global_position,event_id,occurred_at,actor,action,conversation_id,correlation_id,outcome,subject_id\n"

    /// Every row matching `filter` as CSV (RFC 4180, header first), handed to `write` a page at a time.
    /// - Returns: the number of rows exported.
    @discardableResult
    public static func exportCSV(_ filter: AuditFilter, on connection: PostgresConnection, write: (String) async throws -> Void)
        async throws -> Int
    {
        try await write(csvHeader)
        let time = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return try await export(filter, on: connection) { entries in
            entries.map { entry in
                [
                    String(entry.globalPosition), entry.eventID.uuidString.lowercased(), entry.occurredAt.formatted(time), entry.actor,
                    entry.action, entry.conversationID ?? "", entry.correlationID?.uuidString.lowercased() ?? "", entry.outcome,
                    entry.subjectID ?? "",
                ].map(csvField).joined(separator: ",") + "\n"
            }.joined()
        } write: { try await write($0) }
    }

    /// A CSV field, quoted when it holds a comma, quote or line break (and guarded against formula injection).
    static func csvField(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func export(
        _ filter: AuditFilter, on connection: PostgresConnection, render: ([AuditEntry]) throws -> String,
        write: (String) async throws -> Void
    ) async throws -> Int {
        var cursor: String?
        var count = 0
        repeat {
            let page = try await page(filter, after: cursor, limit: 1000, on: connection)
            if !page.items.isEmpty { try await write(try render(page.items)) }
            count += page.items.count
            cursor = page.nextCursor
        } while cursor != nil
        return count
    }
}
