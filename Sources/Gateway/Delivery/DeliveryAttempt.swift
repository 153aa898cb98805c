/// One finished send attempt of an outbound message, as recorded in its event history.
///
/// `failed` carries the time the next attempt is due, decided (with jitter) when the failure
/// was recorded, so replaying the history after a restart schedules the same retry.
public struct DeliveryAttempt: Hashable, Sendable {
    /// How the attempt ended; each case corresponds to one outbound event.
    public enum Outcome: Hashable, Sendable {
        /// `outbound.delivered`: the platform accepted the message.
        case delivered(platformMessageID: String?)
        /// `outbound.failed`: try again at `nextAttemptAt`.
        case failed(DeliveryFailure, nextAttemptAt: DeliveryInstant)
        /// `outbound.dead_lettered`: no further attempts.
        case deadLettered(DeadLetterReason)
    }

    /// The attempt's number, starting at 1.
    public var number: Int
    /// When the attempt's outcome was known.
    public var finishedAt: DeliveryInstant
    /// How it ended.
    public var outcome: Outcome

    /// Creates a record of attempt `number`.
    public init(number: Int, finishedAt: DeliveryInstant, outcome: Outcome) {
        self.number = number
        self.finishedAt = finishedAt
        self.outcome = outcome
    }
}
