/// A fact about a flow, emitted by the agent for one turn and stored with the conversation's events;
/// folding them rebuilds the ``FlowState`` after a restart or during a replay.
public enum FlowEvent: Codable, Sendable, Equatable {
    case started(intent: String)
    case slotFilled(slot: String, value: EntityValue)
    case slotRejected(slot: String, reason: String)
    case slotRequested(slot: String)
    case confirmationRequested
    case completed(action: String?)
    case abandoned(reason: AbandonReason)

    /// Why a flow ended without completing.
    public enum AbandonReason: String, Codable, Sendable {
        case userCancelled, declined, replaced, handedOff, tooManyAttempts
    }
}
