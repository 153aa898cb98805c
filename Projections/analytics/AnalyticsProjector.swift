import EventLog
import Foundation
import Messaging
import Postgres
import Privacy
import ProjectorEngine
import ReadModels

/// Writes the hourly analytics rows with ``AnalyticsFold``: per batch it loads the conversations and
/// outbound messages the events name and every bucket of the hours they can touch, folds the batch,
/// and writes back what changed in one statement per table. Holds no personal data, so an erasure
/// only counts (and is recorded as complete for this read model at once).
public struct AnalyticsProjector: Projector {
    public let name = AnalyticsSchema.name
    public let schema: ReadModelSchema
    public let eventTypes: Set<String>? = AnalyticsFold.consumedEventTypes
    public let fold: AnalyticsFold

    public init(sampleCapacity: Int = 1024) throws(ReadModelError) {
        self.fold = try AnalyticsFold(sampleCapacity: sampleCapacity)
        self.schema = try AnalyticsSchema.load()
    }

    public func apply(_ events: [RecordedEvent], on connection: PostgresConnection) async throws {
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
        let outbound = try await AnalyticsRows.outbound(outboundIDs, on: connection)
        for row in outbound.values { conversationIDs.insert(row.conversationID) }
        let conversations = try await AnalyticsRows.conversations(conversationIDs, on: connection)
        for conversation in conversations.values {
            if let since = conversation.awaitingRoutingSince {
                hours.insert(AnalyticsBucketKey(containing: since, channel: nil, agentID: nil).hourStart)
            }
        }
        var state = AnalyticsState(
            buckets: try await AnalyticsRows.buckets(hours: hours, capacity: fold.sampleCapacity, on: connection),
            conversations: conversations, outbound: outbound)
        var changedBuckets: Set<AnalyticsBucketKey> = []
        for (event, facts) in zip(events, decoded) {
            changedBuckets.formUnion(try fold.apply(facts, of: event, to: &state))
        }
        AnalyticsRows.upsertBuckets(changedBuckets.sorted().compactMap { key in state.buckets[key].map { (key, $0) } }, on: connection)
        AnalyticsRows.upsertConversations(
            state.conversations.filter { conversations[$0.key] != $0.value }.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key, $0.value) },
            on: connection)
        AnalyticsRows.writeOutbound(
            upsert: state.outbound.filter { outbound[$0.key] != $0.value }.sorted { $0.key.uuidString < $1.key.uuidString }.map { ($0.key, $0.value) },
            delete: outbound.keys.filter { state.outbound[$0] == nil }.sorted { $0.uuidString < $1.uuidString },
            on: connection)
        ErasureCompletions.record(erasures, readModel: name, on: connection)
    }
}
