/// Puts the conversation in the human queue (`agent.handoff_requested`).
public struct HandoffToolSettings: Sendable, Equatable {
    /// Why, without personal data (`asked_for_human`).
    public var reason: String

    public init(reason: String = "asked_for_human") {
        self.reason = reason
    }
}
