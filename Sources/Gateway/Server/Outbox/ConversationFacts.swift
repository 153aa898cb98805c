import EventLog
import Foundation
import Messaging

/// What delivery must know about a conversation before sending into it, from the conversation's
/// events before the outbound message: whether the person opted out, and when they last wrote
/// (WhatsApp's 24-hour customer-service window is counted from it). One round trip, two index probes.
struct ConversationFacts: Sendable {
    var optedOut = false
    var lastInboundAt: Date?

    static func read(_ log: EventLog, stream: String, before version: Int64) async throws -> ConversationFacts {
        var facts = ConversationFacts()
        let latest = try await log.lastEvents(in: stream, ofEachType: [ConsentRecorded.eventType, MessageReceived.eventType], before: version)
        if let consent = latest[ConsentRecorded.eventType] {
            facts.optedOut = try EventPayloadCoding.decode(ConsentRecorded.self, from: consent.payload).decision == .optedOut
        }
        facts.lastInboundAt = latest[MessageReceived.eventType]?.occurredAt
        return facts
    }
}
