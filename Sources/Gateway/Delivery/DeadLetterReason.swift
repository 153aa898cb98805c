/// Why a message will not be attempted again; carried by `outbound.dead_lettered`.
public enum DeadLetterReason: Hashable, Sendable, CustomStringConvertible {
    /// The platform rejected the message in a way retrying cannot fix.
    case permanentFailure(DeliveryFailure)
    /// Every allowed attempt failed; `lastFailure` is the final one.
    case attemptsExhausted(attempts: Int, lastFailure: DeliveryFailure)

    /// The failure that ended delivery.
    public var lastFailure: DeliveryFailure {
        switch self {
        case .permanentFailure(let failure): failure
        case .attemptsExhausted(_, let failure): failure
        }
    }

    public var description: String {
        switch self {
        case .permanentFailure(let failure):
            "permanent failure: \(failure.reason)"
        case .attemptsExhausted(let attempts, let failure):
            "gave up after \(attempts) attempts; last: \(failure.reason)"
        }
    }
}
