import Foundation
import Messaging
import ReadModels

/// The payloads the analytics fold reads, decoded once per event for every read model: the partial
/// views of `ReadModels` for messages (no sealed text is ever opened here: analytics holds no
/// personal data), the full types for routing decisions and delivery outcomes.
enum AnalyticsFacts {
    /// One consumed event's facts, decoded once: the projector's pre-scan (which rows to load) and
    /// the fold read the same value.
    enum Decoded {
        case received(ReceivedMessageFacts)
        case routed(RoutingDecided)
        case queued(OutboundQueued)
        case delivered(OutboundDelivered)
        case failed(OutboundFailed)
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
}
