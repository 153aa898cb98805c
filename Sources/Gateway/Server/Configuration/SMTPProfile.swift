/// An SMTP server agents' email and calendar tools send through (`tools.smtp.<name>`).
public struct SMTPProfile: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    /// The envelope and `From:` address.
    public var from: String
    /// Upgrade the connection with STARTTLS before authenticating (refused servers fail the action).
    public var startTLS: Bool
    /// Seconds for the whole exchange with the server.
    public var timeoutSeconds: Double

    public init(
        host: String, port: Int = 587, username: String? = nil, password: String? = nil, from: String, startTLS: Bool = true,
        timeoutSeconds: Double = 20
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.from = from
        self.startTLS = startTLS
        self.timeoutSeconds = timeoutSeconds
    }

    init(_ node: ConfigurationNode) throws(GatewayConfigurationError) {
        try node.requireMapping(allowed: ["host", "port", "username", "password", "from", "starttls", "timeout_seconds"])
        self.init(host: try node.child("host").requiredString(), from: try node.child("from").requiredString())
        if let port = try node.child("port").int(in: 1...65535) { self.port = port }
        username = try node.child("username").string().flatMap { $0.isEmpty ? nil : $0 }
        password = try node.child("password").string().flatMap { $0.isEmpty ? nil : $0 }
        if (username == nil) != (password == nil) { throw node.child(username == nil ? "username" : "password").error("is required with the other credential") }
        if let startTLS = try node.child("starttls").bool() { self.startTLS = startTLS }
        if let timeout = try node.child("timeout_seconds").double(in: 1...600) { timeoutSeconds = timeout }
        guard from.contains("@") else { throw node.child("from").error("must be an email address") }
    }
}
