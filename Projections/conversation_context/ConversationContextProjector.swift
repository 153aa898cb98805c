import EventLog
import Foundation
import Messaging
import Postgres
import Privacy
import ProjectorEngine
import ReadModels

/// Writes `rm_conversation_context` rows (and their windows, `rm_conversation_messages`) with
/// ``ConversationContextFold``: per batch it loads the rows
/// the events target (by conversation, by outbound id through `rm_conversation_outbound`, by erased
/// subject), folds every event in order, and upserts the changed rows in one statement. The rows and
/// outbound ids of a batch are kept in memory for the next batch that starts where it ended (see
/// ``CheckpointedRows``), which then reads only what it has not seen. An erasure purges the subject
/// from every row it appears in and is recorded in the erasure completions.
///
/// Its rebuilding instance holds the changed rows back (``HeldRows``) and writes each once, when the
/// copy is completed: a rebuild would otherwise rewrite every conversation and most of its window
/// with each batch.
public struct ConversationContextProjector: Projector {
    public let name = ConversationContextSchema.name
    public let schema: ReadModelSchema
    public let eventTypes: Set<String>? = ConversationContextFold.consumedEventTypes
    public let fold: ConversationContextFold
    private let rowCache = CheckpointedRows<ConversationID, ConversationContext>(capacity: 50_000)
    /// ``OutboundRowsCapacity/live`` when live, more when rebuilding.
    private let outboundCache: CheckpointedRows<UUID, ConversationID>
    /// How many conversations a rebuilding instance holds back before writing them.
    private let heldCapacity: Int
    /// The rows held back (a rebuilding instance only).
    private let held: HeldRows<ConversationID, ConversationContext>?

    /// A projector keeping the last `windowSize` messages per conversation; rebuilding, it holds back
    /// up to `heldCapacity` conversations.
    public init(windowSize: Int = 20, heldCapacity: Int = 50_000) throws(ReadModelError) {
        self.fold = try ConversationContextFold(windowSize: windowSize)
        self.schema = try ConversationContextSchema.load()
        self.heldCapacity = heldCapacity
        self.held = nil
        self.outboundCache = CheckpointedRows(capacity: OutboundRowsCapacity.live)
    }

    private init(rebuilding live: ConversationContextProjector) {
        self.fold = live.fold
        self.schema = live.schema
        self.heldCapacity = live.heldCapacity
        self.held = HeldRows(capacity: live.heldCapacity)
        self.outboundCache = CheckpointedRows(capacity: 200_000)
    }

    public func rebuilding() -> any Projector { ConversationContextProjector(rebuilding: self) }

    public func writeHeldRows(on connection: PostgresConnection) async throws {
        guard let held else { return }
        write(held.release(), on: connection)
    }

    /// Upserts `writes.rows` in key order, changing only what differs from `writes.stored`.
    private func write(_ writes: HeldRows<ConversationID, ConversationContext>.Writes, on connection: PostgresConnection) {
        let rows = writes.rows.keys.sorted { $0.rawValue < $1.rawValue }.compactMap { writes.rows[$0] }
        ConversationContextRows.upsert(rows, previous: writes.stored, on: connection)
    }

    public func apply(_ events: [RecordedEvent], from start: LogPosition, through end: LogPosition, on connection: PostgresConnection)
        async throws
    {
        var targets: [(DecodedConversationEvent, ConversationEventTarget)] = []
        targets.reserveCapacity(events.count)
        var conversations: Set<ConversationID> = []
        var outboundIDs: Set<UUID> = []
        var queuedIDs: Set<UUID> = []
        var subjects: Set<String> = []
        for event in events {
            let decoded = try fold.decode(event)
            let target = fold.target(of: decoded)
            targets.append((decoded, target))
            switch target {
            case .conversation(let id):
                conversations.insert(id)
                if case .queued(let outbound) = decoded.payload { queuedIDs.insert(outbound.outboundID) }
            case .outbound(let id): outboundIDs.insert(id)
            case .subject(let subject): subjects.insert(subject)
            case .none: break
            }
        }
        // Outbound ids queued earlier map to their conversation through rm_conversation_outbound; one
        // queued in this batch (its outcome right behind it, common when the batch is large) maps
        // through its outbound.queued, folded first.
        var (outboundConversation, missingOutbound) = outboundCache.cached(outboundIDs.subtracting(queuedIDs), at: start)
        conversations.formUnion(outboundConversation.values)
        if !missingOutbound.isEmpty {
            let result = try await connection.query(
                "SELECT outbound_id, conversation_id FROM rm_conversation_outbound WHERE outbound_id = ANY($1)",
                [.uuidArray(Array(missingOutbound))])
            for row in result.rows {
                if let id = ConversationID(rawValue: try row.decode(String.self, at: 1)) {
                    outboundConversation[try row.decode(UUID.self, at: 0)] = id
                    conversations.insert(id)
                }
            }
        }
        var subjectConversations: [String: Set<ConversationID>] = [:]
        // The rows a rebuilding instance still holds back (none live, or once released).
        let holding = held.flatMap { $0.isHolding ? $0 : nil }
        // Rows held back name the subjects where the table may not yet: one pass over them for all
        // of the batch's subjects.
        if let holding, !subjects.isEmpty {
            let named = holding.compactMap { id, row in
                let named = row.subjects(among: subjects)
                return named.isEmpty ? nil : (id, named)
            }
            for (id, namedSubjects) in named {
                for subject in namedSubjects { subjectConversations[subject, default: []].insert(id) }
                conversations.insert(id)
            }
        }
        for subject in subjects {
            let result = try await connection.query(
                """
                SELECT conversation_id FROM rm_conversation_context
                WHERE participants @> ARRAY[$1::text]
                UNION SELECT conversation_id FROM rm_conversation_messages WHERE subject_id = $1
                """,
                [.text(subject)])
            for row in result.rows {
                if let id = ConversationID(rawValue: try row.decode(String.self, at: 0)) {
                    subjectConversations[subject, default: []].insert(id)
                    conversations.insert(id)
                }
            }
        }
        var (stored, missingRows) = rowCache.cached(conversations, at: start)
        if let holding {
            let heldRows = holding.rows(missingRows)
            stored.merge(heldRows) { cached, _ in cached }
            missingRows.subtract(heldRows.keys)
        }
        stored.merge(try await ConversationContextRows.load(missingRows, on: connection)) { cached, _ in cached }
        var rows = stored
        var changed: Set<ConversationID> = []
        var newOutbound: [(UUID, ConversationID)] = []
        var erasures: [(subjectID: String, position: Int64)] = []
        for (decoded, target) in targets {
            let event = decoded.event
            switch target {
            case .conversation(let id):
                if try fold.apply(decoded, to: &rows[id]) {
                    changed.insert(id)
                    if case .queued(let outbound) = decoded.payload {
                        outboundConversation[outbound.outboundID] = id
                        newOutbound.append((outbound.outboundID, id))
                    }
                }
            case .outbound(let outboundID):
                guard let id = outboundConversation[outboundID] else { continue }
                if try fold.apply(decoded, to: &rows[id]) {
                    changed.insert(id)
                }
            case .subject(let subject):
                // Rows loaded from the table, and rows this batch created that name the subject.
                var ids = subjectConversations[subject] ?? []
                for id in changed where rows[id]?.names(subject) == true {
                    ids.insert(id)
                }
                for id in ids.sorted(by: { $0.rawValue < $1.rawValue }) {
                    if try fold.apply(decoded, to: &rows[id]) {
                        changed.insert(id)
                    }
                }
                erasures.append((subject, event.globalPosition))
            case .none:
                continue
            }
        }
        var changedRows: [ConversationID: ConversationContext] = [:]
        for id in changed { changedRows[id] = rows[id] }
        if let holding {
            if let writes = holding.hold(changedRows, stored: stored) { write(writes, on: connection) }
        } else {
            write(HeldRows.Writes(rows: changedRows, stored: stored), on: connection)
        }
        if !newOutbound.isEmpty {
            connection.enqueue(
                """
                INSERT INTO rm_conversation_outbound (outbound_id, conversation_id)
                SELECT o, c FROM unnest($1::uuid[], $2::text[]) AS u(o, c) ON CONFLICT (outbound_id) DO NOTHING
                """,
                [.uuidArray(newOutbound.map(\.0)), .textArray(newOutbound.map(\.1.rawValue))])
        }
        ErasureCompletions.record(erasures, readModel: name, on: connection)
        rowCache.store(rows, from: start, to: end)
        outboundCache.store(outboundConversation, from: start, to: end)
    }
}
