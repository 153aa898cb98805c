/// What the channel adapter reported for one send.
public enum DeliverySendResult: Hashable, Sendable {
    /// The platform accepted the message.
    case delivered(platformMessageID: String?)
    /// The send failed, classified by the adapter.
    case failed(DeliveryFailure)
}
