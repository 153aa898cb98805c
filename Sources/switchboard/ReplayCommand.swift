import ArgumentParser
import ConversationContextReadModel
import EventLog
import Foundation
import Messaging
import Privacy

/// `switchboard replay --conversation ID [--as-of TIME]`: the conversation's state and transcript as
/// they were at a moment, rebuilt from the event log alone (no read model), for audits and
/// disputes. Erased people's text shows as `[erased]`.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Rebuild a conversation's state and transcript as of a moment, from the log alone.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The conversation id (c_ and 32 hex digits).")
    var conversation: String
    @Option(name: .customLong("as-of"), help: "ISO 8601 time (default: now); events recorded later are left out.")
    var asOf: String?

    func validate() throws {
        guard ConversationID(rawValue: conversation) != nil else { throw ValidationError("--conversation must be c_ followed by 32 lowercase hex digits") }
        if let asOf, Self.parse(asOf) == nil { throw ValidationError("--as-of must be an ISO 8601 time, e.g. 2026-11-25T10:00:00Z") }
    }

    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    func run() async throws {
        let id = ConversationID(rawValue: conversation)!
        let moment = asOf.flatMap(Self.parse) ?? Date()
        let document = try await OperatorSession.with(database) { session -> [String: Any] in
            let fold = try ConversationContextFold(windowSize: 1_000_000)
            var context: ConversationContext?
            var timeline: [[String: Any]] = []
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            var next: Int64 = 1
            reading: while true {
                let page = try await session.log.readStream(id.streamID, from: next, limit: 500)
                for event in page {
                    if event.recordedAt > moment { break reading }
                    timeline.append(["position": event.globalPosition, "type": event.type, "recorded_at": formatter.string(from: event.recordedAt)])
                    if ConversationContextFold.consumedEventTypes.contains(event.type) {
                        context = try fold.apply(event, to: context)
                    }
                }
                guard page.count == 500, let last = page.last else { break }
                next = last.streamVersion + 1
            }
            guard let context else { return ["conversation_id": id.rawValue, "as_of": formatter.string(from: moment), "found": false] }
            var transcript: [[String: Any]] = []
            for message in context.recentMessages {
                var entry: [String: Any] = [
                    "direction": message.direction.rawValue, "at": formatter.string(from: message.occurredAt), "position": message.globalPosition,
                    "subject_id": message.subjectID,
                ]
                if let text = message.text { entry["text"] = try await session.keyring.unseal(text).displayText }
                if let status = message.deliveryStatus { entry["delivery"] = status.rawValue }
                transcript.append(entry)
            }
            return [
                "conversation_id": id.rawValue, "as_of": formatter.string(from: moment), "found": true, "channel": context.channel.rawValue,
                "account_id": context.accountID, "participants": context.participants, "assigned_agent": context.assignedAgentID as Any,
                "state": context.state.rawValue, "inbound_count": context.inboundCount, "outbound_count": context.outboundCount,
                "last_activity_at": formatter.string(from: context.lastActivityAt), "transcript": transcript, "events": timeline,
            ]
        }
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        FileHandle.standardOutput.write(data + Data("\n".utf8))
        if document["found"] as? Bool == false { throw ExitCode(1) }
    }
}
