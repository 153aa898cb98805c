import Foundation
import Messaging
import Privacy

import EventLog

/// Builds `RecordedEvent`s the way the log hands them to projectors: real payload types encoded with
/// `EventPayloadCoding`, consecutive positions, times given per event.
struct EventFactory {
    static let start = Date(timeIntervalSince1970: 1_714_557_600)  // 2024-05-01T10:00:00Z
    private(set) var nextPosition: Int64 = 1

    static func conversation(_ digit: Character) -> ConversationID {
        ConversationID(rawValue: "c_" + String(repeating: digit, count: 32))!
    }

    static func sealed(_ subject: String, _ byte: UInt8 = 7) -> SealedField {
        try! SealedField(subject: subject, combined: Data(repeating: byte, count: 40))
    }

    mutating func recorded(type: String, schemaVersion: Int = 1, stream: String, payload: Data, subject: String?, at: Date)
        -> RecordedEvent
    {
        defer { nextPosition += 1 }
        return RecordedEvent(
            position: LogPosition(transaction: UInt64(1000 + nextPosition), globalPosition: nextPosition),
            streamID: stream,
            streamVersion: nextPosition,
            id: UUID(),
            type: type,
            schemaVersion: schemaVersion,
            payload: payload,
            metadata: [:],
            subjectID: subject,
            correlationID: nil,
            causationID: nil,
            occurredAt: at,
            recordedAt: at
        )
    }

    mutating func event<Payload: EventPayload>(_ payload: Payload, stream: String, at: Date) -> RecordedEvent {
        recorded(
            type: Payload.eventType,
            stream: stream,
            payload: try! EventPayloadCoding.encode(payload),
            subject: payload.subjectID,
            at: at
        )
    }

    mutating func received(_ conversation: ConversationID, from subject: String, at: Date, channel: ChannelKind = .telegram, isEdit: Bool = false)
        -> RecordedEvent
    {
        let message = UniversalMessage(
            channel: channel,
            accountID: "bot1",
            conversationID: conversation,
            platformChatID: Self.sealed(subject, 1),
            sender: MessageSender(subjectID: subject, platformUserID: Self.sealed(subject, 2)),
            text: Self.sealed(subject, 3),
            platformMessageID: "\(nextPosition)",
            platformTimestamp: at,
            isEdit: isEdit
        )
        return event(MessageReceived(message: message), stream: conversation.streamID, at: at)
    }

    mutating func routed(_ conversation: ConversationID, to agent: String?, reason: RoutingReason = .ruleMatched, at: Date) -> RecordedEvent {
        event(
            RoutingDecided(conversationID: conversation, agentID: agent, ruleID: nil, reason: reason, dmPolicyOutcome: .open),
            stream: conversation.streamID,
            at: at
        )
    }

    mutating func queued(_ outboundID: UUID, _ conversation: ConversationID, to subject: String, at: Date, channel: ChannelKind = .telegram)
        -> RecordedEvent
    {
        event(
            OutboundQueued(
                outboundID: outboundID,
                conversationID: conversation,
                channel: channel,
                accountID: "bot1",
                recipientSubjectID: subject,
                platformChatID: Self.sealed(subject, 4),
                text: Self.sealed(subject, 5)
            ),
            stream: conversation.streamID,
            at: at
        )
    }

    mutating func delivered(_ outboundID: UUID, _ conversation: ConversationID, at: Date) -> RecordedEvent {
        event(OutboundDelivered(outboundID: outboundID, platformMessageID: "p\(nextPosition)", attempt: 1), stream: conversation.streamID, at: at)
    }

    mutating func failed(_ outboundID: UUID, _ conversation: ConversationID, retryable: Bool, at: Date) -> RecordedEvent {
        event(
            OutboundFailed(outboundID: outboundID, attempt: 1, reasonCode: .rateLimited, retryable: retryable),
            stream: conversation.streamID,
            at: at
        )
    }

    mutating func erased(_ subject: String, at: Date) -> RecordedEvent {
        let payload = try! JSONEncoder().encode(SubjectErased(subjectID: subject, reason: "request", requestedBy: "admin"))
        return recorded(type: SubjectErased.eventType, stream: SubjectErased.streamID(for: subject), payload: payload, subject: subject, at: at)
    }

    mutating func intent(_ conversation: ConversationID, at: Date) -> RecordedEvent {
        recorded(
            type: "agent.intent_recognized",
            stream: conversation.streamID,
            payload: Data(#"{"intent":"greeting"}"#.utf8),
            subject: nil,
            at: at
        )
    }
}

extension Date {
    func plus(minutes: Double = 0, seconds: Double = 0) -> Date {
        addingTimeInterval(minutes * 60 + seconds)
    }
}
