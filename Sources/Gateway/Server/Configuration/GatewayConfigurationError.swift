/// A `switchboard.yaml` that cannot be used: where the problem is (`keyPath`, e.g.
/// `channels.telegram[0].bot_token`) and what is wrong. It never repeats a configured value: values
/// may be secrets or personal data.
public struct GatewayConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The key path from the top of the file; empty when the whole document is the problem.
    public var keyPath: String
    /// What is wrong and how to fix it.
    public var message: String

    public init(keyPath: String, message: String) {
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        keyPath.isEmpty ? "invalid configuration: \(message)" : "invalid configuration at \(keyPath): \(message)"
    }
}
