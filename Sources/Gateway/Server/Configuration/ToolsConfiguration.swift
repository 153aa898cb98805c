/// The `tools:` section: named SMTP and CalDAV profiles agents' tools refer to (secrets from the
/// environment as `${NAME}`), and how often a failing action is retried.
public struct ToolsConfiguration: Sendable {
    public var smtp: [String: SMTPProfile] = [:]
    public var caldav: [String: CalDAVProfile] = [:]
    /// Attempts per action before `agent.action_failed` (transient failures only).
    public var maximumAttempts = 3
    /// Backoff before the second attempt; doubled for each further one.
    public var baseDelay: Duration = .milliseconds(500)

    public init() {}

    init(_ node: ConfigurationNode) throws(GatewayConfigurationError) {
        try node.requireMapping(allowed: ["smtp", "caldav", "max_attempts", "base_delay_ms"])
        for (name, profile) in try node.child("smtp").entries() { smtp[name] = try SMTPProfile(profile) }
        for (name, profile) in try node.child("caldav").entries() { caldav[name] = try CalDAVProfile(profile) }
        if let attempts = try node.child("max_attempts").int(in: 1...20) { maximumAttempts = attempts }
        if let delay = try node.child("base_delay_ms").int(in: 1...600_000) { baseDelay = .milliseconds(delay) }
    }
}
