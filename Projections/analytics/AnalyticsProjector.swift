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

    // The few fields the pre-scan reads to know which rows to load (the fold decodes in full).
    private struct ConversationReference: Decodable {
        var conversationID: ConversationID?
        enum CodingKeys: String, CodingKey { case conversationID = "conversation_id" }
    }
    private struct ReceivedReference: Decodable {
        var message: ConversationReference
    }
    private struct OutboundReference: Decodable {
        var outboundID: UUID
        enum CodingKeys: String, CodingKey { case outboundID = "outbound_id" }
    }

    private func reference<T: Decodable>(_ type: T.Type, _ event: RecordedEvent) throws(ReadModelError) -> T {
        try event.plainPayload(T.self, expectedVersion: 1, for: name)
    }

    public func apply(_ events: [RecordedEvent], on connection: PostgresConnection) async throws {
        var conversationIDs: Set<ConversationID> = []
        var outboundIDs: Set<UUID> = []
        var hours: Set<Date> = []
        var erasures: [(subjectID: String, position: Int64)] = []
        for event in events {
            hours.insert(AnalyticsBucketKey(containing: event.occurredAt, channel: nil, agentID: nil).hourStart)
            switch event.type {
            case MessageReceived.eventType:
                if let id = try reference(ReceivedReference.self, event).message.conversationID { conversationIDs.insert(id) }
            case RoutingDecided.eventType, OutboundQueued.eventType:
                if let id = try reference(ConversationReference.self, event).conversationID { conversationIDs.insert(id) }
            case OutboundDelivered.eventType, OutboundFailed.eventType:
                outboundIDs.insert(try reference(OutboundReference.self, event).outboundID)
            case SubjectErased.eventType:
                let erased = try event.plainPayload(SubjectErased.self, expectedVersion: SubjectErased.schemaVersion, for: name)
                erasures.append((erased.subjectID, event.globalPosition))
            case AnalyticsFold.intentRecognizedEventType:
                if let id = (try? JSONDecoder().decode(ConversationReference.self, from: event.payload))?.conversationID {
                    conversationIDs.insert(id)
                } else if event.streamID.hasPrefix("conversation-"),
                    let id = ConversationID(rawValue: String(event.streamID.dropFirst("conversation-".count)))
                {
                    conversationIDs.insert(id)
                }
            default:
                break
            }
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
        for event in events {
            changedBuckets.formUnion(try fold.apply(event, to: &state))
        }
        try await AnalyticsRows.upsertBuckets(changedBuckets.sorted().compactMap { key in state.buckets[key].map { (key, $0) } }, on: connection)
        try await AnalyticsRows.upsertConversations(
            state.conversations.filter { conversations[$0.key] != $0.value }.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key, $0.value) },
            on: connection)
        try await AnalyticsRows.writeOutbound(
            upsert: state.outbound.filter { outbound[$0.key] != $0.value }.sorted { $0.key.uuidString < $1.key.uuidString }.map { ($0.key, $0.value) },
            delete: outbound.keys.filter { state.outbound[$0] == nil }.sorted { $0.uuidString < $1.uuidString },
            on: connection)
        try await ErasureCompletions.record(erasures, readModel: name, on: connection)
    }
}
