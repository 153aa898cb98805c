import Foundation
import Messaging

/// The few payload fields the analytics fold reads, decoded without the sealed fields, dates and
/// attachments the full payload types carry (analytics holds no personal data and needs none of
/// them, and decoding them was most of the fold's cost). Field names and the schema versions checked
/// are those of the full types.
enum AnalyticsFacts {
    /// One consumed event's facts, decoded once: the projector's pre-scan (which rows to load) and
    /// the fold read the same value.
    enum Decoded {
        case received(Received.Message)
        case routed(Routed)
        case queued(Queued)
        case delivered(Delivered)
        case failed(Failed)
        case erased(subjectID: String)
        /// The conversation (from the payload or the `conversation-…` stream) and the agent, when known.
        case intent(conversationID: ConversationID?, agentID: String?)
        case ignored

        /// The conversation whose row the event reads or changes, when it names one itself.
        var conversationID: ConversationID? {
            switch self {
            case .received(let message): message.conversationID
            case .routed(let routed): routed.conversationID
            case .queued(let queued): queued.conversationID
            case .intent(let conversationID, _): conversationID
            case .delivered, .failed, .erased, .ignored: nil
            }
        }

        /// The outbound message whose row the event reads or changes.
        var outboundID: UUID? {
            switch self {
            case .delivered(let delivered): delivered.outboundID
            case .failed(let failed): failed.outboundID
            default: nil
            }
        }
    }

    struct Received: Decodable {
        struct Message: Decodable {
            var channel: ChannelKind
            var conversationID: ConversationID
            var isEdit: Bool?
            enum CodingKeys: String, CodingKey {
                case channel
                case conversationID = "conversation_id"
                case isEdit = "is_edit"
            }
        }
        var message: Message
    }

    struct Routed: Decodable {
        var conversationID: ConversationID
        var agentID: String?
        enum CodingKeys: String, CodingKey {
            case conversationID = "conversation_id"
            case agentID = "agent_id"
        }
    }

    struct Queued: Decodable {
        var outboundID: UUID
        var conversationID: ConversationID
        var channel: ChannelKind
        enum CodingKeys: String, CodingKey {
            case outboundID = "outbound_id"
            case conversationID = "conversation_id"
            case channel
        }
    }

    struct Delivered: Decodable {
        var outboundID: UUID
        enum CodingKeys: String, CodingKey { case outboundID = "outbound_id" }
    }

    struct Failed: Decodable {
        var outboundID: UUID
        var retryable: Bool
        enum CodingKeys: String, CodingKey {
            case outboundID = "outbound_id"
            case retryable
        }
    }
}
