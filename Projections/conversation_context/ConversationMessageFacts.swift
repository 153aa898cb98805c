import Foundation
import Messaging
import Privacy

/// The parts of a `message.received` payload the conversation fold keeps: ids, channel, the sender's
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

/// The parts of an `outbound.queued` payload the conversation fold keeps (not the platform chat id
/// or buttons).
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
