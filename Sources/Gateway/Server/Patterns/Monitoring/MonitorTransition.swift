import Foundation

/// What an observation changed about an alert: it fired (the condition started to hold, or held
/// again after the cooldown) or it cleared.
struct MonitorTransition: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case fired
        case cleared
    }

    var kind: Kind
    var condition: Int
    var group: String
    /// The measure at that moment: events in the window, or the percentile in seconds.
    var observedValue: Double
    var eventID: UUID
    var time: Date
}
