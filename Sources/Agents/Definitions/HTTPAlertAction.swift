/// An alert POSTed as JSON, signed like integration webhooks when `secret_env` is given.
public struct HTTPAlertAction: Sendable, Equatable {
    public var url: String
    public var secretEnvironmentVariable: String?
    public var timeoutSeconds: Double

    public init(url: String, secretEnvironmentVariable: String? = nil, timeoutSeconds: Double = 5) {
        self.url = url
        self.secretEnvironmentVariable = secretEnvironmentVariable
        self.timeoutSeconds = timeoutSeconds
    }
}
