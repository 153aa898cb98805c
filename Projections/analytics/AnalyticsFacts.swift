import Foundation
import Messaging

/// The few payload fields the analytics fold reads, decoded without the sealed fields, dates and
/// attachments the full payload types carry (analytics holds no personal data and needs none of
/// them, and decoding them was most of the fold's cost). Field names and the schema versions checked
/// are those of the full types.
enum AnalyticsFacts {
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
