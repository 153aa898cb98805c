import EventLog
import Messaging
import Postgres
import Synchronization

/// The `conversation_context` rows a projector wrote last, so the next batch need not read and decode
/// them again. A cached row is used only while the table holds the same row: the projector first reads
/// each row's applied position (a few bytes) and reloads any row whose position differs (a rolled-back
/// batch, another instance's write, a swapped-in rebuild). The fold is deterministic, so equal
/// positions mean equal rows.
final class ConversationRowCache: Sendable {
    private let rows = Mutex<[ConversationID: ConversationContext]>([:])
    private let capacity: Int

    init(capacity: Int = 50_000) {
        self.capacity = capacity
    }

    /// The current rows of `ids` (in the projector's schema): cached where still valid, loaded otherwise.
    func rows(_ ids: Set<ConversationID>, on connection: PostgresConnection) async throws -> [ConversationID: ConversationContext] {
        guard !ids.isEmpty else { return [:] }
        let positions = try await connection.query(
            "SELECT conversation_id, applied_tx, applied_global_position FROM rm_conversation_context WHERE conversation_id = ANY($1)",
            [.textArray(ids.map(\.rawValue))])
        var stored: [ConversationID: LogPosition] = [:]
        for row in positions.rows {
            guard let id = ConversationID(rawValue: try row.decode(String.self, at: 0)) else { continue }
            stored[id] = LogPosition(transaction: try row.decode(UInt64.self, at: 1), globalPosition: try row.decode(Int64.self, at: 2))
        }
        var result: [ConversationID: ConversationContext] = [:]
        var missing: Set<ConversationID> = []
        rows.withLock { cached in
            for (id, position) in stored {
                if let row = cached[id], row.appliedThrough == position {
                    result[id] = row
                } else {
                    missing.insert(id)
                }
            }
        }
        for (id, row) in try await ConversationContextRows.load(missing, on: connection) { result[id] = row }
        return result
    }

    /// Keeps `written` (rows just upserted; the check on the next read covers a rollback).
    func remember(_ written: [ConversationContext]) {
        rows.withLock { cached in
            if cached.count + written.count > capacity { cached.removeAll(keepingCapacity: true) }
            for row in written { cached[row.conversationID] = row }
        }
    }
}
