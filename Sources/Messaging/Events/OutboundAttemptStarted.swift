import Foundation

/// `outbound.attempt_started`: the delivery worker is about to hand an outbound message to the
/// platform. An attempt started with no outcome after it means the process stopped mid-send: the
/// platform may or may not have the message. The next attempt says so (`afterUnknownOutcome`), so
/// an audit can tell every possible duplicate apart.
public struct OutboundAttemptStarted: EventPayload {
    public static let eventType = "outbound.attempt_started"
    public static let schemaVersion = 1

    public var outboundID: UUID
    /// The attempt's number, from 1.
    public var attempt: Int
    /// True when an earlier attempt started and never recorded an outcome (a crash mid-send).
    public var afterUnknownOutcome: Bool

    public init(outboundID: UUID, attempt: Int, afterUnknownOutcome: Bool) {
        self.outboundID = outboundID
        self.attempt = attempt
        self.afterUnknownOutcome = afterUnknownOutcome
    }

    enum CodingKeys: String, CodingKey {
        case outboundID = "outbound_id"
        case attempt
        case afterUnknownOutcome = "after_unknown_outcome"
    }
}
