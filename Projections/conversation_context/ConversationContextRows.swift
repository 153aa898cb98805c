import EventLog
import Foundation
import Messaging
import Postgres

/// Reads and writes `rm_conversation_context` rows and their windows in `rm_conversation_messages`
/// (unqualified: the projector's `search_path`; or schema-qualified for the read APIs).
enum ConversationContextRows {
    /// The columns ``decode(_:)`` reads from `<schema>rm_conversation_context c`, the window gathered
    /// from `<schema>rm_conversation_messages` as a JSON array, oldest first.
    /// - Parameter schema: `""` (the `search_path`) or a qualifying prefix such as `"projection_conversation_context."`.
    static func columns(in schema: String = "") -> String {
        """
        c.conversation_id, c.channel, c.account_id, array_to_json(c.participants)::text, c.assigned_agent_id, c.state, \
        c.inbound_count, c.outbound_count, c.last_activity_at, \
        (SELECT coalesce(json_agg(m.message ORDER BY m.global_position), '[]')::text FROM \(schema)rm_conversation_messages m \
        WHERE m.conversation_id = c.conversation_id), array_to_json(c.pending_outbound_ids)::text, \
        c.last_inbound_position, c.last_outbound_position, c.applied_tx, c.applied_global_position
        """
    }

    /// The SQL for `activity_step` (whole 10-second steps since the epoch) of the timestamptz `time`.
    static func activityStep(_ time: String) -> String {
        "floor(extract(epoch FROM \(time)) / 10)::bigint"
    }

    static func decode(_ row: PostgresRow) throws -> ConversationContext {
        let id = try row.decode(String.self, at: 0)
        let channel = try row.decode(String.self, at: 1)
        guard let conversationID = ConversationID(rawValue: id), let channelKind = ChannelKind(rawValue: channel),
            let state = ConversationState(rawValue: try row.decode(String.self, at: 5))
        else {
            throw PostgresError(code: .decoding, message: "rm_conversation_context row \(id) has an invalid id, channel or state")
        }
        return ConversationContext(
            conversationID: conversationID,
            channel: channelKind,
            accountID: try row.decode(String.self, at: 2),
            participants: try JSONDecoder().decode([String].self, from: Data(try row.decode(String.self, at: 3).utf8)),
            assignedAgentID: try row.decode(String?.self, at: 4),
            state: state,
            inboundCount: Int(try row.decode(Int64.self, at: 6)),
            outboundCount: Int(try row.decode(Int64.self, at: 7)),
            lastActivityAt: try row.decode(Date.self, at: 8),
            recentMessages: try StoredContextMessage.decode(try row.decode(String.self, at: 9)),
            pendingOutboundIDs: try JSONDecoder().decode([UUID].self, from: Data(try row.decode(String.self, at: 10).utf8)),
            lastInboundPosition: try row.decode(Int64?.self, at: 11),
            lastOutboundPosition: try row.decode(Int64?.self, at: 12),
            appliedThrough: LogPosition(transaction: try row.decode(UInt64.self, at: 13), globalPosition: try row.decode(Int64.self, at: 14)))
    }

    /// The rows of `ids` (in the projector's schema).
    static func load(_ ids: Set<ConversationID>, on connection: PostgresConnection) async throws -> [ConversationID: ConversationContext] {
        guard !ids.isEmpty else { return [:] }
        let result = try await connection.query(
            "SELECT \(columns()) FROM rm_conversation_context c WHERE c.conversation_id = ANY($1)", [.textArray(ids.map(\.rawValue))])
        var rows: [ConversationID: ConversationContext] = [:]
        for row in result.rows {
            let context = try decode(row)
            rows[context.conversationID] = context
        }
        return rows
    }

    /// Upserts `rows` in one statement (arrays bound whole, unnested server-side), and writes only the
    /// window messages that differ from `previous` (the rows as stored before): new or changed messages
    /// are upserted, messages that left the window are deleted. Queued (``PostgresConnection/enqueue(_:_:)``):
    /// the statements reach the server with the batch's next statement or COMMIT.
    static func upsert(_ rows: [ConversationContext], previous: [ConversationID: ConversationContext], on connection: PostgresConnection) {
        guard !rows.isEmpty else { return }
        var ids: [String?] = [], channels: [String?] = [], accounts: [String?] = [], participants: [String?] = []
        var agents: [String?] = [], states: [String?] = [], inbound: [Int64?] = [], outbound: [Int64?] = []
        var activity: [Date?] = [], pending: [String?] = [], lastIn: [Int64?] = []
        var lastOut: [Int64?] = [], txs: [String?] = [], positions: [Int64?] = []
        var changes = WindowChanges()
        for row in rows {
            ids.append(row.conversationID.rawValue)
            channels.append(row.channel.rawValue)
            accounts.append(row.accountID)
            participants.append(StoredContextMessage.encodeStrings(row.participants))
            agents.append(row.assignedAgentID)
            states.append(row.state.rawValue)
            inbound.append(Int64(row.inboundCount))
            outbound.append(Int64(row.outboundCount))
            activity.append(row.lastActivityAt)
            pending.append(StoredContextMessage.encodeStrings(row.pendingOutboundIDs.map { $0.text() }))
            lastIn.append(row.lastInboundPosition)
            lastOut.append(row.lastOutboundPosition)
            txs.append(String(row.appliedThrough.transaction))
            positions.append(row.appliedThrough.globalPosition)
            changes.add(row, previous: previous[row.conversationID]?.recentMessages ?? [])
        }
        connection.enqueue(
            """
            INSERT INTO rm_conversation_context (conversation_id, channel, account_id, participants, assigned_agent_id, state,
                inbound_count, outbound_count, last_activity_at, activity_step, pending_outbound_ids, last_inbound_position,
                last_outbound_position, applied_tx, applied_global_position)
            SELECT id, ch, acc, ARRAY(SELECT json_array_elements_text(pa)), ag, st, ic, oc, la, \(activityStep("la")),
                ARRAY(SELECT json_array_elements_text(po))::uuid[], li, lo, tx::xid8, gp
            FROM unnest($1::text[], $2::text[], $3::text[], $4::json[], $5::text[], $6::text[], $7::bigint[], $8::bigint[],
                        $9::timestamptz[], $10::json[], $11::bigint[], $12::bigint[], $13::text[], $14::bigint[])
                AS u(id, ch, acc, pa, ag, st, ic, oc, la, po, li, lo, tx, gp)
            ON CONFLICT (conversation_id) DO UPDATE SET
                channel = excluded.channel, account_id = excluded.account_id, participants = excluded.participants,
                assigned_agent_id = excluded.assigned_agent_id, state = excluded.state, inbound_count = excluded.inbound_count,
                outbound_count = excluded.outbound_count, last_activity_at = excluded.last_activity_at,
                activity_step = excluded.activity_step, pending_outbound_ids = excluded.pending_outbound_ids,
                last_inbound_position = excluded.last_inbound_position, last_outbound_position = excluded.last_outbound_position,
                applied_tx = excluded.applied_tx, applied_global_position = excluded.applied_global_position
            """,
            [
                .textArray(ids), .textArray(channels), .textArray(accounts), .jsonArray(participants), .textArray(agents),
                .textArray(states), .int64Array(inbound), .int64Array(outbound), .timestamptzArray(activity),
                .jsonArray(pending), .int64Array(lastIn), .int64Array(lastOut), .textArray(txs), .int64Array(positions),
            ])
        if !changes.removedConversations.isEmpty {
            connection.enqueue(
                """
                DELETE FROM rm_conversation_messages m USING unnest($1::text[], $2::bigint[]) AS d(c, p)
                WHERE m.conversation_id = d.c AND m.global_position = d.p
                """,
                [.textArray(changes.removedConversations), .int64Array(changes.removedPositions)])
        }
        if !changes.conversations.isEmpty {
            connection.enqueue(
                """
                INSERT INTO rm_conversation_messages (conversation_id, global_position, subject_id, message)
                SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::json[])
                ON CONFLICT (conversation_id, global_position) DO UPDATE SET subject_id = excluded.subject_id, message = excluded.message
                """,
                [
                    .textArray(changes.conversations), .int64Array(changes.positions), .textArray(changes.subjects),
                    .jsonArray(changes.messages),
                ])
        }
    }
}

/// The window rows a batch writes: what changed between each conversation's stored window and its new one.
struct WindowChanges {
    var conversations: [String?] = []
    var positions: [Int64?] = []
    var subjects: [String?] = []
    var messages: [String?] = []
    var removedConversations: [String?] = []
    var removedPositions: [Int64?] = []

    /// Messages are compared in their stored form (times in whole microseconds), so a row read back
    /// from the table equals the one the fold produced. Both windows are paired by position in one
    /// walk (they are in log order; one that is not, which the fold never makes, is sorted first); a
    /// message carried over unchanged is equal as it is and is not converted.
    mutating func add(_ row: ConversationContext, previous: [ContextMessage]) {
        let id = row.conversationID.rawValue
        var next = 0
        var removed: [Int64] = []
        // Through buffer pointers, not array subscripts: a message is a large value, and most are only
        // compared, which then reads them in place instead of copying each.
        Self.inLogOrder(previous).withUnsafeBufferPointer { previous in
            Self.inLogOrder(row.recentMessages).withUnsafeBufferPointer { window in
                for index in window.indices {
                    let position = window[index].globalPosition
                    while next < previous.count, previous[next].globalPosition < position {
                        removed.append(previous[next].globalPosition)
                        next += 1
                    }
                    var current: StoredContextMessage?
                    if next < previous.count, previous[next].globalPosition == position {
                        next += 1
                        if previous[next - 1] == window[index] { continue }
                        current = StoredContextMessage(window[index])
                        if StoredContextMessage(previous[next - 1]) == current { continue }
                    }
                    conversations.append(id)
                    positions.append(position)
                    subjects.append(window[index].subjectID)
                    messages.append((current ?? StoredContextMessage(window[index])).json)
                }
                removed += previous[next...].map(\.globalPosition)
            }
        }
        for position in removed {
            removedConversations.append(id)
            removedPositions.append(position)
        }
    }

    /// `window` in log order: itself when it already is (always, from the fold or the table).
    private static func inLogOrder(_ window: [ContextMessage]) -> [ContextMessage] {
        let ordered = window.withUnsafeBufferPointer { window in
            window.indices.dropFirst().allSatisfy { window[$0 - 1].globalPosition < window[$0].globalPosition }
        }
        return ordered ? window : window.sorted { $0.globalPosition < $1.globalPosition }
    }
}
