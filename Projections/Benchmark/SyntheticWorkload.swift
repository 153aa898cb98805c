import EventLog
import Foundation
import Messaging
import Privacy

/// A deterministic mixed workload for rebuild tests and the rebuild benchmark: conversations on two
/// channels where each exchange is `message.received` + `routing.decided` (one append), then
/// `outbound.queued`, sometimes `outbound.failed` (retryable), `outbound.delivered`, sometimes
/// `agent.intent_recognized`; every `erasureEvery` exchanges a subject is erased. Text is sealed-shaped
/// filler (no real keys), so the generator needs no keyring.
public struct SyntheticWorkload: Sendable {
    /// One append: a stream and its events.
    public struct Append: Sendable {
        public var streamID: String
        public var events: [NewEvent]
    }

    public var conversations: Int
    public var erasureEvery: Int
    public var start: Date

    public init(conversations: Int = 200, erasureEvery: Int = 500, start: Date = Date(timeIntervalSince1970: 1_714_557_600)) {
        self.conversations = max(1, conversations)
        self.erasureEvery = max(1, erasureEvery)
        self.start = start
    }

    /// The subject id of participant `index` (a valid pseudonym shape).
    public static func subject(_ index: Int) -> String {
        SubjectPseudonym.prefix + String(format: "%032x", index)
    }

    /// The conversation id of conversation `index`.
    public static func conversation(_ index: Int) -> ConversationID {
        ConversationID(rawValue: ConversationID.prefix + String(format: "%032x", index + 0xC0FFEE))!
    }

    private static func sealed(_ subject: String, _ byte: UInt8) -> SealedField {
        try! SealedField(subject: subject, combined: Data(repeating: byte, count: 48))
    }

    /// Exchanges `first..<first+count` as appends, about 4.3 events each.
    public func appends(exchanges range: Range<Int>) -> [Append] {
        var appends: [Append] = []
        appends.reserveCapacity(range.count * 4)
        for exchange in range {
            let index = exchange % conversations
            let conversation = Self.conversation(index)
            let subject = Self.subject(index + 1000 * (exchange / (conversations * 50)))
            let channel: ChannelKind = index % 3 == 0 ? .whatsapp : .telegram
            let at = start.addingTimeInterval(Double(exchange) * 0.5)
            let correlation = UUID.timeOrdered()
            let message = UniversalMessage(
                channel: channel, accountID: "bot1", conversationID: conversation, platformChatID: Self.sealed(subject, 1),
                sender: MessageSender(subjectID: subject, platformUserID: Self.sealed(subject, 2)), text: Self.sealed(subject, 3),
                platformMessageID: "m\(exchange)", platformTimestamp: at, isEdit: exchange % 97 == 5)
            let agent = index % 5 == 0 ? nil : "agent\(index % 4)"
            let routing = RoutingDecided(
                conversationID: conversation, agentID: agent, ruleID: nil, reason: agent == nil ? .noRoute : .ruleMatched,
                dmPolicyOutcome: .open)
            appends.append(
                Append(
                    streamID: conversation.streamID,
                    events: [
                        event(MessageReceived(message: message), at: at, correlation: correlation),
                        event(routing, at: at.addingTimeInterval(0.01), correlation: correlation),
                    ]))
            let outboundID = UUID.timeOrdered()
            var reply: [NewEvent] = [
                event(
                    OutboundQueued(
                        outboundID: outboundID, conversationID: conversation, channel: channel, accountID: "bot1",
                        recipientSubjectID: subject, platformChatID: Self.sealed(subject, 4), text: Self.sealed(subject, 5)),
                    at: at.addingTimeInterval(0.2), correlation: correlation)
            ]
            if exchange % 7 == 3 {
                reply.append(
                    event(
                        OutboundFailed(outboundID: outboundID, attempt: 1, reasonCode: .rateLimited, retryable: true),
                        at: at.addingTimeInterval(0.25), correlation: correlation))
            }
            reply.append(
                event(
                    OutboundDelivered(outboundID: outboundID, platformMessageID: "p\(exchange)", attempt: 1), at: at.addingTimeInterval(0.3),
                    correlation: correlation))
            if exchange % 3 == 0 {
                reply.append(
                    try! NewEvent(
                        type: "agent.intent_recognized", encoding: ["conversation_id": conversation.rawValue, "intent": "greeting"],
                        correlationID: correlation, occurredAt: at.addingTimeInterval(0.1)))
            }
            appends.append(Append(streamID: conversation.streamID, events: reply))
            if exchange % erasureEvery == erasureEvery - 1 {
                // Erase the current participant of a conversation that moves with each erasure.
                let erasedIndex = (exchange / erasureEvery * 7919) % conversations
                let erasedSubject = Self.subject(erasedIndex + 1000 * (exchange / (conversations * 50)))
                let erased = SubjectErased(subjectID: erasedSubject, reason: "user request", requestedBy: "ops-ticket-\(exchange)")
                appends.append(
                    Append(
                        streamID: SubjectErased.streamID(for: erasedSubject),
                        events: [
                            try! NewEvent(
                                id: SubjectEraser.eventID(for: erasedSubject), type: SubjectErased.eventType, encoding: erased,
                                subjectID: erasedSubject, occurredAt: at.addingTimeInterval(0.4))
                        ]))
            }
        }
        return appends
    }

    private func event<Payload: EventPayload>(_ payload: Payload, at: Date, correlation: UUID) -> NewEvent {
        NewEvent(
            type: Payload.eventType, schemaVersion: Payload.schemaVersion, payload: try! EventPayloadCoding.encode(payload),
            subjectID: payload.subjectID, correlationID: correlation, occurredAt: at)
    }

    /// Appends exchanges until at least `events` events are in `log`, `concurrency` appends in flight.
    /// - Returns: the number of events appended.
    @discardableResult
    public func generate(events target: Int, into log: EventLog, concurrency: Int = 16, startingAt firstExchange: Int = 0) async throws -> Int {
        var exchange = firstExchange
        var appended = 0
        while appended < target {
            let chunk = appends(exchanges: exchange..<(exchange + 256))
            exchange += 256
            // Appends of one conversation stay in order: group by stream, run streams concurrently.
            var byStream: [String: [Append]] = [:]
            for append in chunk { byStream[append.streamID, default: []].append(append) }
            let groups = Array(byStream.values)
            try await withThrowingTaskGroup(of: Int.self) { group in
                var next = 0
                func add() {
                    let appendsOfStream = groups[next]
                    next += 1
                    group.addTask {
                        var count = 0
                        for append in appendsOfStream {
                            try await log.append(append.events, to: append.streamID)
                            count += append.events.count
                        }
                        return count
                    }
                }
                for _ in 0..<min(concurrency, groups.count) { add() }
                while let count = try await group.next() {
                    appended += count
                    if next < groups.count { add() }
                }
            }
        }
        return appended
    }
}
