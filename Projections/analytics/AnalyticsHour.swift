import Foundation

/// One row of `GET /v1/analytics/hourly`: an hour (UTC) × channel × agent. No personal data.
public struct AnalyticsHour: Codable, Sendable, Equatable {
    public var hourStart: Date
    /// nil for facts of no channel (erasures).
    public var channel: String?
    /// nil when routing chose no agent.
    public var agentID: String?
    public var inbound: Int
    public var outbound: Int
    public var delivered: Int
    public var failed: Int
    public var intentsRecognized: Int
    public var erasures: Int
    public var responseCount: Int
    public var responseMedianMilliseconds: Int64?
    public var responseP95Milliseconds: Int64?

    enum CodingKeys: String, CodingKey {
        case hourStart = "hour_start"
        case channel
        case agentID = "agent_id"
        case inbound, outbound, delivered, failed
        case intentsRecognized = "intents_recognized"
        case erasures
        case responseCount = "response_count"
        case responseMedianMilliseconds = "response_median_ms"
        case responseP95Milliseconds = "response_p95_ms"
    }
}
