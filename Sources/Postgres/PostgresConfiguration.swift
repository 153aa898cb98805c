import Foundation

/// How to reach a PostgreSQL server: a libpq connection string (URL or `key=value` form, so
/// `sslmode` and every other libpq option pass straight through) plus Switchboard's own options.
public struct PostgresConfiguration: Sendable {
    /// A libpq connection string, e.g. `postgres://user@host/db?sslmode=require` or `host=/tmp dbname=x`.
    public var connectionString: String
    /// Overrides the database named in `connectionString` (e.g. a scratch database on the same server).
    public var databaseName: String?
    /// A role to `SET ROLE` to right after connecting (the application role that may only append).
    public var role: String?
    /// Server settings for the whole session, applied right after connecting (with the role), e.g.
    /// planner settings a dedicated pool's statements rely on.
    public var sessionSettings: [String: String] = [:]
    /// Reported as `application_name` so operators can tell Switchboard's sessions apart.
    public var applicationName: String
    /// How many times to try reaching the server before giving up (at least 1).
    public var connectAttempts: Int
    /// Delay before the first retry; doubles up to `maximumRetryDelay`.
    public var initialRetryDelay: Duration
    public var maximumRetryDelay: Duration
    /// Seconds libpq waits for one connection attempt.
    public var connectTimeoutSeconds: Int

    public init(
        connectionString: String,
        databaseName: String? = nil,
        role: String? = nil,
        applicationName: String = "switchboard",
        connectAttempts: Int = 5,
        initialRetryDelay: Duration = .milliseconds(100),
        maximumRetryDelay: Duration = .seconds(2),
        connectTimeoutSeconds: Int = 5
    ) {
        self.connectionString = connectionString
        self.databaseName = databaseName
        self.role = role
        self.applicationName = applicationName
        self.connectAttempts = max(1, connectAttempts)
        self.initialRetryDelay = initialRetryDelay
        self.maximumRetryDelay = maximumRetryDelay
        self.connectTimeoutSeconds = connectTimeoutSeconds
    }
}

extension PostgresConfiguration {
    /// The statement that applies the role and the session settings, or nil when there are none.
    var sessionSetup: (sql: String, binds: [PostgresBind])? {
        var pairs = sessionSettings.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if let role { pairs.append(("role", role)) }
        guard !pairs.isEmpty else { return nil }
        let calls = pairs.indices.map { "set_config($\($0 * 2 + 1), $\($0 * 2 + 2), false)" }
        return ("SELECT " + calls.joined(separator: ", "), pairs.flatMap { [PostgresBind.text($0.0), .text($0.1)] })
    }

    /// libpq keywords and values: the connection string expanded first, later keywords overriding it.
    var connectionParameters: (keywords: [String], values: [String]) {
        var keywords = ["dbname", "application_name", "connect_timeout"]
        var values = [connectionString, applicationName, "\(connectTimeoutSeconds)"]
        if let databaseName {
            keywords.append("dbname")
            values.append(databaseName)
        }
        return (keywords, values)
    }
}
