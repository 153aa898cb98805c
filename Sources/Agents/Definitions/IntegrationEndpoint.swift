/// One webhook receiver of an integration agent. The signing secret is read from the environment
/// variable `secret_env` names, never from the definition.
public struct IntegrationEndpoint: Sendable, Equatable {
    /// Names the endpoint in checkpoints, dead letters and metrics.
    public var name: String
    public var url: String
    public var secretEnvironmentVariable: String
    public var timeoutSeconds: Double

    public init(name: String, url: String, secretEnvironmentVariable: String, timeoutSeconds: Double = 10) {
        self.name = name
        self.url = url
        self.secretEnvironmentVariable = secretEnvironmentVariable
        self.timeoutSeconds = timeoutSeconds
    }
}
