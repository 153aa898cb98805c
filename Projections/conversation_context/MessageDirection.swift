/// Which way a message in a conversation travelled.
public enum MessageDirection: String, Codable, Sendable, Hashable {
    /// From a person on the channel to us (`message.received`).
    case inbound
    /// From an agent to the channel (`outbound.queued`).
    case outbound
}
