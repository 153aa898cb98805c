import Foundation
import Messaging

/// One `rm_analytics_hourly` row: an hour (UTC) × channel × agent. Holds no personal data.
public struct AnalyticsBucketKey: Sendable, Hashable, Comparable {
    /// The start of the hour, UTC.
    public var hourStart: Date
    /// The channel; nil for facts that belong to no channel (erasures). Stored as `''` in SQL.
    public var channel: ChannelKind?
    /// The agent; nil when routing chose none or the fact belongs to no agent. Stored as `''` in SQL.
    public var agentID: String?

    public init(hourStart: Date, channel: ChannelKind?, agentID: String?) {
        self.hourStart = hourStart
        self.channel = channel
        self.agentID = agentID
    }

    /// The bucket of the hour containing `instant`.
    public init(containing instant: Date, channel: ChannelKind?, agentID: String?) {
        let seconds = instant.timeIntervalSince1970
        self.init(hourStart: Date(timeIntervalSince1970: (seconds / 3600).rounded(.down) * 3600), channel: channel, agentID: agentID)
    }

    public static func < (lhs: AnalyticsBucketKey, rhs: AnalyticsBucketKey) -> Bool {
        (lhs.hourStart, lhs.channel?.rawValue ?? "", lhs.agentID ?? "")
            < (rhs.hourStart, rhs.channel?.rawValue ?? "", rhs.agentID ?? "")
    }
}
