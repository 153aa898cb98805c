import Foundation

/// A CalDAV collection agents' calendar tools store entries in (`tools.caldav.<name>`): entries are
/// PUT to `<url>/<uid>.ics`, with HTTP basic authentication when a username is set.
public struct CalDAVProfile: Sendable, Equatable {
    public var url: URL
    public var username: String?
    public var password: String?
    public var timeoutSeconds: Double

    public init(url: URL, username: String? = nil, password: String? = nil, timeoutSeconds: Double = 10) {
        self.url = url
        self.username = username
        self.password = password
        self.timeoutSeconds = timeoutSeconds
    }

    init(_ node: ConfigurationNode) throws(GatewayConfigurationError) {
        try node.requireMapping(allowed: ["url", "username", "password", "timeout_seconds"])
        guard let url = try node.child("url").url() else { throw node.child("url").error("is required") }
        self.init(url: url)
        username = try node.child("username").string().flatMap { $0.isEmpty ? nil : $0 }
        password = try node.child("password").string().flatMap { $0.isEmpty ? nil : $0 }
        if let timeout = try node.child("timeout_seconds").double(in: 1...300) { timeoutSeconds = timeout }
    }
}
