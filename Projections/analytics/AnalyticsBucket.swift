/// The figures of one hour × channel × agent. Counts only, and response times without who waited:
/// erasing a subject changes nothing here (except ``erasures``).
public struct AnalyticsBucket: Sendable, Equatable {
    /// Received messages (edits not counted), counted when routing decided their agent.
    public var inbound: Int
    /// Queued outbound messages.
    public var outbound: Int
    /// Outbound messages the platform accepted.
    public var delivered: Int
    /// Failed delivery attempts (each `outbound.failed`, retried or not).
    public var failed: Int
    /// `agent.intent_recognized` events.
    public var intentsRecognized: Int
    /// `subject.erased` events (in the bucket with no channel and no agent).
    public var erasures: Int
    /// From the first unanswered inbound message to the delivery of the reply, in the reply's hour.
    public var responseTimes: ResponseTimeSamples

    public init(
        inbound: Int = 0,
        outbound: Int = 0,
        delivered: Int = 0,
        failed: Int = 0,
        intentsRecognized: Int = 0,
        erasures: Int = 0,
        responseTimes: ResponseTimeSamples
    ) {
        self.inbound = inbound
        self.outbound = outbound
        self.delivered = delivered
        self.failed = failed
        self.intentsRecognized = intentsRecognized
        self.erasures = erasures
        self.responseTimes = responseTimes
    }
}
