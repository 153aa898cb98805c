/// The conversation's flow state, derived only from ``FlowEvent``s so the runtime can rebuild it by
/// folding the events of the conversation's prior turns (restarts and replays give the same state).
public struct FlowState: Codable, Sendable, Equatable {
    public var active: ActiveFlow?
    /// Flows completed in this conversation.
    public var completed: Int

    public init(active: ActiveFlow? = nil, completed: Int = 0) {
        self.active = active
        self.completed = completed
    }

    /// The state after one event.
    public func applying(_ event: FlowEvent) -> FlowState {
        var next = self
        switch event {
        case .started(let intent):
            next.active = ActiveFlow(intent: intent)
        case .slotFilled(let slot, let value):
            next.active?.slots[slot] = value
            next.active?.attempts = 0
        case .slotRejected:
            next.active?.attempts += 1
        case .slotRequested(let slot):
            if next.active?.stage != .collecting(slot: slot) { next.active?.attempts = 0 }
            next.active?.stage = .collecting(slot: slot)
        case .confirmationRequested:
            if next.active?.stage != .confirming { next.active?.attempts = 0 }
            next.active?.stage = .confirming
        case .completed:
            next.active = nil
            next.completed += 1
        case .abandoned:
            next.active = nil
        }
        return next
    }

    /// The state after `events`, in order.
    public func applying(_ events: [FlowEvent]) -> FlowState {
        events.reduce(self) { $0.applying($1) }
    }

    /// Rebuilds the state from the conversation's prior turns, oldest first.
    public static func fold(_ turns: [FlowTurnRecord]) -> FlowState {
        turns.reduce(FlowState()) { $0.applying($1.events) }
    }
}
