import EventLog
import Messaging
import Privacy
import ReadModels

/// An event with its payload decoded for ``ConversationContextFold``, so a projector that first asks
/// which rows an event targets and then folds it decodes the payload once.
public struct DecodedConversationEvent: Sendable {
    /// The payload kinds the fold reads.
    public enum Payload: Sendable {
        case received(ReceivedMessageFacts)
        case routed(RoutingDecided)
        case queued(OutboundQueued)
        case delivered(OutboundDelivered)
        case failed(OutboundFailed)
        case erased(SubjectErased)
        /// A type the fold does not consume.
        case ignored
    }

    public let event: RecordedEvent
    public let payload: Payload
}
