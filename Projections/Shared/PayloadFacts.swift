import EventLog
import Foundation
import JSONValues
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

    init(channel: ChannelKind, accountID: String, conversationID: ConversationID, sender: Sender, text: SealedField?, isEdit: Bool) {
        self.channel = channel
        self.accountID = accountID
        self.conversationID = conversationID
        self.sender = sender
        self.text = text
        self.isEdit = isEdit
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

/// The `message.received` envelope around ``ReceivedMessageFacts``.
struct ReceivedEnvelope: Decodable {
    var message: ReceivedMessageFacts
}

extension RecordedEvent {
    /// The `message.received` facts of this event (decoded once per event).
    /// - Throws: ``ReadModelError`` naming `readModel` when the payload cannot be decoded.
    package func receivedMessageFacts(for readModel: String) throws(ReadModelError) -> ReceivedMessageFacts {
        try readablePayload(ReceivedEnvelope.self, expectedVersion: MessageReceived.schemaVersion, for: readModel).message
    }

    /// The `outbound.queued` payload of this event (decoded once per event: the full payload reads
    /// itself as fast as a view of it would).
    /// - Throws: ``ReadModelError`` naming `readModel` when the payload cannot be decoded.
    package func queuedMessage(for readModel: String) throws(ReadModelError) -> OutboundQueued {
        try payload(OutboundQueued.self, for: readModel)
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
        case OutboundQueued.eventType: _ = try? queuedMessage(for: "")
        case RoutingDecided.eventType: _ = try? payload(RoutingDecided.self, for: "")
        case OutboundDelivered.eventType: _ = try? payload(OutboundDelivered.self, for: "")
        case OutboundFailed.eventType: _ = try? payload(OutboundFailed.self, for: "")
        default: break
        }
    }
}

// MARK: - Reading the facts without Codable

extension ReceivedEnvelope: FieldReadable {
    static func read(from reader: inout JSONFieldReader) throws -> ReceivedEnvelope {
        var message: ReceivedMessageFacts?
        try reader.readObject { reader, key in
            if key == "message" { message = try ReceivedMessageFacts.read(from: &reader) } else { try reader.skipValue() }
        }
        guard let message else { throw FieldMissing() }
        return ReceivedEnvelope(message: message)
    }
}

extension ReceivedMessageFacts: FieldReadable {
    package static func read(from reader: inout JSONFieldReader) throws -> ReceivedMessageFacts {
        var channel: ChannelKind?
        var accountID: String?
        var conversationID: ConversationID?
        var subjectID: String?
        var text: SealedField?
        var isEdit = false
        try reader.readObject { reader, key in
            switch key {
            case "channel": channel = try ChannelKind.read(from: &reader)
            case "account_id": accountID = try reader.readString()
            case "conversation_id": conversationID = try ConversationID.read(from: &reader)
            case "sender":
                try reader.readObject { reader, key in
                    if key == "subject_id" { subjectID = try reader.readString() } else { try reader.skipValue() }
                }
            case "text": text = try SealedField.readOptional(from: &reader)
            case "is_edit": isEdit = reader.readNull() ? false : try reader.readBool()
            default: try reader.skipValue()
            }
        }
        guard let channel, let accountID, let conversationID, let subjectID else { throw FieldMissing() }
        return ReceivedMessageFacts(
            channel: channel, accountID: accountID, conversationID: conversationID, sender: Sender(subjectID: subjectID), text: text,
            isEdit: isEdit)
    }
}

/// The conversation and agent that an event of an open-ended family (`agent.*` and the like, which
/// have no payload type) names in its payload, when it names them. Audit and analytics both read it,
/// once per event (``RecordedEvent/agentEventReference``).
package struct AgentEventReference: Decodable, Sendable, Equatable {
    package var conversationID: String?
    package var agentID: String?

    enum CodingKeys: String, CodingKey {
        case conversationID = "conversation_id"
        case agentID = "agent_id"
    }

    package init(conversationID: String? = nil, agentID: String? = nil) {
        self.conversationID = conversationID
        self.agentID = agentID
    }
}

extension AgentEventReference: FieldReadable {
    package static func read(from reader: inout JSONFieldReader) throws -> AgentEventReference {
        var reference = AgentEventReference()
        try reader.readObject { reader, key in
            switch key {
            case "conversation_id": reference.conversationID = try reader.readOptionalString()
            case "agent_id": reference.agentID = try reader.readOptionalString()
            default: try reader.skipValue()
            }
        }
        return reference
    }
}

extension RecordedEvent {
    /// The payload's ``AgentEventReference``; nil when the payload is not a JSON object whose
    /// `conversation_id` and `agent_id`, where present, are strings or null. Decoded once per event.
    package var agentEventReference: AgentEventReference? {
        try? decodedPayloads.value(AgentEventReference.self) { () throws -> AgentEventReference in
            try AgentEventReference.fastRead(payload) ?? JSONDecoder().decode(AgentEventReference.self, from: payload)
        }
    }
}
