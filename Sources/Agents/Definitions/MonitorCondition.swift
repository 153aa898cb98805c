/// One condition a monitoring agent watches: a measure over the last `windowSeconds` of events,
/// kept separately for each group (e.g. per channel account), that holds above a bound.
public struct MonitorCondition: Sendable, Equatable {
    public var id: String
    public var kind: MonitorConditionKind
    /// The event types counted (`count`); `keyword` reads `message.received`, `response_time` its
    /// reply events.
    public var events: [String]
    /// What splits the events into groups: event metadata keys (`channel`, `account`, `agent`) or
    /// `conversation` (the stream). Empty: one group for everything.
    public var groupBy: [String]
    public var windowSeconds: Double
    /// `count` and `keyword` hold when the window has more than this many events.
    public var moreThan: Int
    /// The regular expression (`keyword`), matched case-insensitively against the message text.
    public var pattern: String?
    /// `response_time`: which percentile (1–100) of the window's reply times is compared.
    public var percentile: Double
    /// `response_time` holds when the percentile is above this many seconds.
    public var aboveSeconds: Double
    /// `response_time` needs at least this many replies in the window.
    public var minimumSamples: Int
    /// `response_time`: the event that counts as the reply (`outbound.queued` or `outbound.delivered`).
    public var replyEvent: String

    public init(
        id: String, kind: MonitorConditionKind, events: [String] = [], groupBy: [String] = [], windowSeconds: Double = 60,
        moreThan: Int = 0, pattern: String? = nil, percentile: Double = 95, aboveSeconds: Double = 0, minimumSamples: Int = 1,
        replyEvent: String = "outbound.delivered"
    ) {
        self.id = id
        self.kind = kind
        self.events = events
        self.groupBy = groupBy
        self.windowSeconds = windowSeconds
        self.moreThan = moreThan
        self.pattern = pattern
        self.percentile = percentile
        self.aboveSeconds = aboveSeconds
        self.minimumSamples = minimumSamples
        self.replyEvent = replyEvent
    }
}
