import EventLog
import Foundation
import Messaging
import Privacy

// The parts of the busiest payloads that the read models use, one type per payload for all of them:
// each event is decoded once per process and every projector reads the same decoding (see
// `RecordedEvent.plainPayload`).

/// The parts of a `message.received` message the read models use: ids, channel, the sender's
/// pseudonym, the sealed text and the edit flag. Decoding only these skips the platform ids, names,
/// attachments and timestamps the full ``UniversalMessage`` carries.
public struct ReceivedMessageFacts: Decodable, Sendable {
    /// The sender's pseudonym (the only sender field the fold keeps).
    public struct Sender: Decodable, Sendable {
        public var subjectID: String
        enum CodingKeys: String, CodingKey { case subjectID = "subject_id" }
    }
    public var channel: ChannelKind
    public var accountID: String
    public var conversationID: ConversationID
    public var sender: Sender
    public var text: SealedField?
    public var isEdit: Bool

    enum CodingKeys: String, CodingKey {
        case channel
        case accountID = "account_id"
        case conversationID = "conversation_id"
        case sender, text
        case isEdit = "is_edit"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        channel = try container.decode(ChannelKind.self, forKey: .channel)
        accountID = try container.decode(String.self, forKey: .accountID)
        conversationID = try container.decode(ConversationID.self, forKey: .conversationID)
        sender = try container.decode(Sender.self, forKey: .sender)
        text = try container.decodeIfPresent(SealedField.self, forKey: .text)
        isEdit = try container.decodeIfPresent(Bool.self, forKey: .isEdit) ?? false
    }
}

/// The parts of an `outbound.queued` payload the read models use (not the platform chat id or buttons).
public struct QueuedMessageFacts: Decodable, Sendable {
    public var outboundID: UUID
    public var conversationID: ConversationID
    public var channel: ChannelKind
    public var accountID: String
    public var recipientSubjectID: String
    public var text: SealedField

    enum CodingKeys: String, CodingKey {
        case outboundID = "outbound_id"
        case conversationID = "conversation_id"
        case channel
        case accountID = "account_id"
        case recipientSubjectID = "recipient_subject_id"
        case text
    }
}

/// The `message.received` envelope around ``ReceivedMessageFacts``.
struct ReceivedEnvelope: Decodable {
    var message: ReceivedMessageFacts
}

extension RecordedEvent {
    /// The `message.received` facts of this event (decoded once per event).
    /// - Throws: ``ReadModelError`` naming `readModel` when the payload cannot be decoded.
    package func receivedMessageFacts(for readModel: String) throws(ReadModelError) -> ReceivedMessageFacts {
        try plainPayload(ReceivedEnvelope.self, expectedVersion: MessageReceived.schemaVersion, for: readModel).message
    }

    /// The `outbound.queued` facts of this event (decoded once per event).
    /// - Throws: ``ReadModelError`` naming `readModel` when the payload cannot be decoded.
    package func queuedMessageFacts(for readModel: String) throws(ReadModelError) -> QueuedMessageFacts {
        try plainPayload(QueuedMessageFacts.self, expectedVersion: OutboundQueued.schemaVersion, for: readModel)
    }
}

extension RecordedEvent {
    /// Decodes, ahead of the projectors, the payloads that several read models read (the facts above,
    /// routing decisions and delivery outcomes), so projectors walking the same events together find
    /// them decoded instead of each decoding them at the same moment. A payload that does not decode
    /// is left for the projector, which stops on it with its own error.
    package func decodeSharedPayloads() {
        switch type {
        case MessageReceived.eventType: _ = try? receivedMessageFacts(for: "")
        case OutboundQueued.eventType: _ = try? queuedMessageFacts(for: "")
        case RoutingDecided.eventType: _ = try? payload(RoutingDecided.self, for: "")
        case OutboundDelivered.eventType: _ = try? payload(OutboundDelivered.self, for: "")
        case OutboundFailed.eventType: _ = try? payload(OutboundFailed.self, for: "")
        default: break
        }
    }
}
