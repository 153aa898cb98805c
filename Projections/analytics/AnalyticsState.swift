import EventLog
import Foundation
import Messaging

/// Everything the analytics fold reads and writes: the hourly buckets (the read model's rows) and
/// the small correlation tables that attribute delivery outcomes and response times
/// (`rm_analytics_conversation`, `rm_analytics_outbound`; pseudonymous conversation ids only).
public struct AnalyticsState: Sendable, Equatable {
    public var buckets: [AnalyticsBucketKey: AnalyticsBucket]
    public var conversations: [ConversationID: AnalyticsConversation]
    /// Outbound messages queued and not yet delivered or finally failed.
    public var outbound: [UUID: AnalyticsOutbound]
    /// The last event folded in; the fold ignores events at or before it.
    public var appliedThrough: LogPosition

    public init(
        buckets: [AnalyticsBucketKey: AnalyticsBucket] = [:],
        conversations: [ConversationID: AnalyticsConversation] = [:],
        outbound: [UUID: AnalyticsOutbound] = [:],
        appliedThrough: LogPosition = .start
    ) {
        self.buckets = buckets
        self.conversations = conversations
        self.outbound = outbound
        self.appliedThrough = appliedThrough
    }
}
