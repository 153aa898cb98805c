import Foundation

/// Pairs each conversation's oldest unanswered `message.received` with the first reply after it,
/// giving reply times for `response_time` conditions. Pure; forgets messages left unanswered for
/// longer than `patience`.
struct ResponseTimeTracker: Sendable {
    struct Pending: Sendable, Equatable {
        var receivedAt: Date
        var group: String
    }

    let patience: TimeInterval
    private(set) var pending: [String: Pending] = [:]

    init(patience: TimeInterval = 86_400) {
        self.patience = patience
    }

    /// A message arrived in `conversation`; only the oldest unanswered one counts.
    mutating func received(in conversation: String, at time: Date, group: String) {
        if pending[conversation] == nil { pending[conversation] = Pending(receivedAt: time, group: group) }
        if pending.count > 10_000 { pending = pending.filter { time.timeIntervalSince($0.value.receivedAt) < patience } }
    }

    /// A reply in `conversation`: the time since the message it answers, and that message's group;
    /// nil when nothing was waiting.
    mutating func replied(in conversation: String, at time: Date) -> (seconds: Double, group: String)? {
        guard let waiting = pending.removeValue(forKey: conversation) else { return nil }
        return (max(0, time.timeIntervalSince(waiting.receivedAt)), waiting.group)
    }
}
