/// A flow in progress: its intent, the slots filled so far and what it is waiting for.
public struct ActiveFlow: Codable, Sendable, Equatable {
    public var intent: String
    public var slots: [String: EntityValue]
    public var stage: FlowStage?
    /// Rejected answers at the current stage, to stop asking after a few.
    public var attempts: Int

    public init(intent: String, slots: [String: EntityValue] = [:], stage: FlowStage? = nil, attempts: Int = 0) {
        self.intent = intent
        self.slots = slots
        self.stage = stage
        self.attempts = attempts
    }
}
