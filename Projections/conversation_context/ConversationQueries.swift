import Foundation
import Messaging
import Postgres
import Privacy
import ReadModels

/// The conversation read APIs' queries over the live read model (`projection_conversation_context`).
/// Each is one indexed statement: listing walks `activity_step` down, sorting each step's rows by
/// `last_activity_at DESC, conversation_id DESC`; one conversation's context is one primary-key row.
public enum ConversationQueries {
    private struct ListKey: Codable {
        var at: Int64
        var id: String
    }

    /// Conversations by most recent activity, `limit` (1…500) at a time.
    /// - Throws: ``ReadModelError`` `.invalidCursor` / `.invalidQuery` for bad parameters.
    public static func list(after cursor: String? = nil, limit: Int = 50, on connection: PostgresConnection) async throws
        -> ReadModelPage<ConversationSummary>
    {
        guard (1...500).contains(limit) else {
            throw ReadModelError(code: .invalidQuery, message: "limit must be 1…500", readModel: ConversationContextSchema.name)
        }
        let key = try cursor.map { cursor throws(ReadModelError) in
            try PageCursor.decode(cursor, as: ListKey.self, readModel: ConversationContextSchema.name)
        }
        // Past a cursor, the step bound is what the index can seek to; the row comparison places the
        // cursor within its step.
        let cursorTime = "('epoch'::timestamptz + $2::bigint * interval '1 microsecond')"
        let after =
            key == nil
            ? ""
            : """
            WHERE activity_step <= \(ConversationContextRows.activityStep(cursorTime))
              AND (last_activity_at, conversation_id) < (\(cursorTime), $3::text)
            """
        let result = try await connection.query(
            """
            SELECT conversation_id, channel, account_id, assigned_agent_id, state, cardinality(participants)::bigint,
                   inbound_count, outbound_count, last_activity_at,
                   (extract(epoch FROM last_activity_at) * 1000000)::bigint
            FROM projection_conversation_context.rm_conversation_context
            \(after)
            ORDER BY activity_step DESC, last_activity_at DESC, conversation_id DESC
            LIMIT $1
            """,
            [.int32(Int32(limit + 1))] + (key.map { [.int64($0.at), .text($0.id)] } ?? []))
        var items: [ConversationSummary] = []
        var last: ListKey?
        for row in result.rows.prefix(limit) {
            let id = try row.decode(String.self, at: 0)
            items.append(
                ConversationSummary(
                    conversationID: id, channel: try row.decode(String.self, at: 1), accountID: try row.decode(String.self, at: 2),
                    assignedAgentID: try row.decode(String?.self, at: 3),
                    state: ConversationState(rawValue: try row.decode(String.self, at: 4)) ?? .open,
                    participantCount: Int(try row.decode(Int64.self, at: 5)), inboundCount: Int(try row.decode(Int64.self, at: 6)),
                    outboundCount: Int(try row.decode(Int64.self, at: 7)), lastActivityAt: try row.decode(Date.self, at: 8)))
            last = ListKey(at: try row.decode(Int64.self, at: 9), id: id)
        }
        return ReadModelPage(items: items, nextCursor: result.rowCount > limit ? last.map(PageCursor.encode) : nil)
    }

    /// One conversation's context row (what an agent assembles its context from), nil when unknown.
    public static func context(of conversationID: ConversationID, on connection: PostgresConnection) async throws -> ConversationContext? {
        let result = try await connection.query(
            """
            SELECT \(ConversationContextRows.columns(in: "projection_conversation_context."))
            FROM projection_conversation_context.rm_conversation_context c WHERE c.conversation_id = $1
            """,
            [.text(conversationID.rawValue)])
        return result.rowCount == 0 ? nil : try ConversationContextRows.decode(result[0])
    }

    /// The conversation's recent messages, oldest first, text unsealed through `keyring` (`[erased]`
    /// for an erased subject); nil when the conversation is unknown.
    public static func messages(of conversationID: ConversationID, keyring: SubjectKeyring, on connection: PostgresConnection) async throws
        -> [ConversationMessage]?
    {
        guard let context = try await context(of: conversationID, on: connection) else { return nil }
        var messages: [ConversationMessage] = []
        for message in context.recentMessages {
            var text: String?
            if let sealed = message.text { text = try await keyring.unseal(sealed).displayText }
            messages.append(
                ConversationMessage(
                    eventID: message.eventID, direction: message.direction, globalPosition: message.globalPosition,
                    occurredAt: message.occurredAt, subjectID: message.subjectID, text: text, isEdit: message.isEdit,
                    outboundID: message.outboundID, deliveryStatus: message.deliveryStatus))
        }
        return messages
    }
}
