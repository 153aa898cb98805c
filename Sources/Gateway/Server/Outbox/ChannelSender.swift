import GatewayDelivery

/// Sends outbound messages on one channel: renders them in the platform's format, calls its API
/// and classifies the answer. Texts longer than the platform's limit are split on sentence or line
/// boundaries and sent as consecutive messages.
public protocol ChannelSender: Sendable {
    /// Sends `message`; never throws: transport problems are retryable failures.
    func send(_ message: OutboundMessage) async -> DeliverySendResult
}
