/// What a platform receipt says about a delivered outbound message.
public enum ReceiptStatus: String, Codable, Sendable, CaseIterable {
    /// It reached the recipient's device.
    case delivered
    /// The recipient read it.
    case read
    /// The platform could not deliver it after accepting it.
    case failed
}
