import EventLog
import Foundation
import Messaging
import Postgres
import Privacy
import ProjectorEngine
import ReadModels

/// Writes the hourly analytics rows with ``AnalyticsFold``: per batch it takes the conversations and
/// outbound messages the events name and every bucket of the hours they can touch (from memory when
/// they belong to the batch's starting checkpoint, see ``CheckpointedRows``, else from the tables),
/// folds the batch, and writes back what changed in one statement per table. Holds no personal data,
/// so an erasure only counts (and is recorded as complete for this read model at once).
public struct AnalyticsProjector: Projector {
    public let name = AnalyticsSchema.name
    public let schema: ReadModelSchema
    public let eventTypes: Set<String>? = AnalyticsFold.consumedEventTypes
    public let fold: AnalyticsFold
    private let conversationRows = CheckpointedRows<ConversationID, AnalyticsConversation>(capacity: 100_000)
    /// ``OutboundRowsCapacity/live`` when live, more when rebuilding.
    private let outboundRows: CheckpointedRows<UUID, AnalyticsOutbound>
    /// Every bucket of an hour, by the hour's start.
    private let hourRows = CheckpointedRows<Date, [AnalyticsBucketKey: AnalyticsBucket]>(capacity: 1_000)

    public init(sampleCapacity: Int = 1024) throws(ReadModelError) {
        self.fold = try AnalyticsFold(sampleCapacity: sampleCapacity)
        self.schema = try AnalyticsSchema.load()
        self.outboundRows = CheckpointedRows(capacity: OutboundRowsCapacity.live)
    }

    private init(rebuilding live: AnalyticsProjector) {
        self.fold = live.fold
        self.schema = live.schema
        self.outboundRows = CheckpointedRows(capacity: 100_000)
    }

    public func rebuilding() -> any Projector { AnalyticsProjector(rebuilding: self) }

    public func apply(_ events: [RecordedEvent], from start: LogPosition, through end: LogPosition, on connection: PostgresConnection)
        async throws
    {
        // Each event is decoded once: the facts name the rows to load, then the fold reads them.
        var decoded: [AnalyticsFacts.Decoded] = []
        decoded.reserveCapacity(events.count)
        var conversationIDs: Set<ConversationID> = []
        var outboundIDs: Set<UUID> = []
        var hours: Set<Date> = []
        var erasures: [(subjectID: String, position: Int64)] = []
        for event in events {
            hours.insert(AnalyticsBucketKey(containing: event.occurredAt, channel: nil, agentID: nil).hourStart)
            let facts = try fold.decode(event)
            decoded.append(facts)
            if let id = facts.conversationID { conversationIDs.insert(id) }
            if let id = facts.outboundID { outboundIDs.insert(id) }
            if case .erased(let subjectID) = facts { erasures.append((subjectID, event.globalPosition)) }
        }
        var (outbound, missingOutbound) = outboundRows.cached(outboundIDs, at: start)
        outbound.merge(try await AnalyticsRows.outbound(missingOutbound, on: connection)) { cached, _ in cached }
        for row in outbound.values { conversationIDs.insert(row.conversationID) }
        var (conversations, missingConversations) = conversationRows.cached(conversationIDs, at: start)
        conversations.merge(try await AnalyticsRows.conversations(missingConversations, on: connection)) { cached, _ in cached }
        for conversation in conversations.values {
            if let since = conversation.awaitingRoutingSince {
                hours.insert(AnalyticsBucketKey(containing: since, channel: nil, agentID: nil).hourStart)
            }
        }
        let (cachedHours, missingHours) = hourRows.cached(hours, at: start)
        var buckets = try await AnalyticsRows.buckets(hours: missingHours, capacity: fold.sampleCapacity, on: connection)
        for hour in cachedHours.values { buckets.merge(hour) { _, cached in cached } }
        var state = AnalyticsState(buckets: buckets, conversations: conversations, outbound: outbound)
        var changedBuckets: Set<AnalyticsBucketKey> = []
        for (event, facts) in zip(events, decoded) {
            changedBuckets.formUnion(try fold.apply(facts, of: event, to: &state))
        }
        AnalyticsRows.upsertBuckets(changedBuckets.sorted().compactMap { key in state.buckets[key].map { (key, $0) } }, on: connection)
        let changedConversations = state.conversations.filter { conversations[$0.key] != $0.value }
        AnalyticsRows.upsertConversations(
            changedConversations.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key, $0.value) }, on: connection)
        let changedOutbound = state.outbound.filter { outbound[$0.key] != $0.value }
        let removedOutbound = outbound.keys.filter { state.outbound[$0] == nil }
        AnalyticsRows.writeOutbound(
            upsert: changedOutbound.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            delete: removedOutbound.sorted(),
            on: connection)
        ErasureCompletions.record(erasures, readModel: name, on: connection)
        conversationRows.store(state.conversations, from: start, to: end)
        outboundRows.store(state.outbound, removing: removedOutbound, from: start, to: end)
        // Only the hours read whole: a cached hour must hold every bucket the table has for it.
        var wholeHours: [Date: [AnalyticsBucketKey: AnalyticsBucket]] = [:]
        for hour in hours { wholeHours[hour] = [:] }
        for (key, bucket) in state.buckets where hours.contains(key.hourStart) { wholeHours[key.hourStart]?[key] = bucket }
        hourRows.store(wholeHours, from: start, to: end)
    }
}
