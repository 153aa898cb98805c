import EventLog
import Foundation
import Messaging

/// What delivery must know about a conversation before sending into it, from the conversation's
/// events before the outbound message: whether the person opted out, and when they last wrote
/// (WhatsApp's 24-hour customer-service window is counted from it). Two index lookups on the stream.
struct ConversationFacts: Sendable {
    var optedOut = false
    var lastInboundAt: Date?

    static func read(_ log: EventLog, stream: String, before version: Int64) async throws -> ConversationFacts {
        var facts = ConversationFacts()
        if let consent = try await log.lastEvent(in: stream, ofTypes: [ConsentRecorded.eventType], before: version) {
            facts.optedOut = try EventPayloadCoding.decode(ConsentRecorded.self, from: consent.payload).decision == .optedOut
        }
        facts.lastInboundAt = try await log.lastEvent(in: stream, ofTypes: [MessageReceived.eventType], before: version)?.occurredAt
        return facts
    }
}
