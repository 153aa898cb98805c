import EventLog
import Foundation
import Messaging
import Postgres

/// What delivery must know about a conversation before sending into it, from the conversation's
/// events before the outbound message: whether the person opted out, and when they last wrote
/// (WhatsApp's 24-hour customer-service window is counted from it). Two index lookups on the stream.
struct ConversationFacts: Sendable {
    var optedOut = false
    var lastInboundAt: Date?

    static func read(_ log: EventLog, stream: String, before version: Int64) async throws -> ConversationFacts {
        var facts = ConversationFacts()
        let consent = try await log.pool.query(
            """
            SELECT stream_version FROM events WHERE stream_id = $1 AND stream_version < $2 AND event_type = $3
            ORDER BY stream_version DESC LIMIT 1
            """, [.text(stream), .int64(version), .text(ConsentRecorded.eventType)])
        if consent.rowCount == 1 {
            let consentVersion = try consent[0].decode(Int64.self, at: 0)
            if let event = try await log.readStream(stream, from: consentVersion, limit: 1).first {
                facts.optedOut = try EventPayloadCoding.decode(ConsentRecorded.self, from: event.payload).decision == .optedOut
            }
        }
        let inbound = try await log.pool.query(
            """
            SELECT occurred_at FROM events WHERE stream_id = $1 AND stream_version < $2 AND event_type = $3
            ORDER BY stream_version DESC LIMIT 1
            """, [.text(stream), .int64(version), .text(MessageReceived.eventType)])
        if inbound.rowCount == 1 { facts.lastInboundAt = try inbound[0].decode(Date.self, at: 0) }
        return facts
    }
}
