import Foundation

/// One thing a monitoring condition saw in the log: an event counted, a message that did or did not
/// match, or a reply time. `value` nil means "nothing to add, but look again" (a message that did not
/// match can still show that an alert has cleared).
struct MonitorObservation: Sendable, Equatable {
    var condition: Int
    var group: String
    /// The event's time in the log (its recording time), so a replay decides the same.
    var time: Date
    var value: Double?
    var eventID: UUID
}
