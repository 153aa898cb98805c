/// What a rules agent decided for one turn: everything the runtime records as `agent.*` events and
/// sends back. The new state equals the old state with `flowEvents` applied.
public struct AgentDecision: Codable, Sendable, Equatable {
    public var intent: IntentRecognition
    public var entities: [Entity]
    public var replies: [String]
    public var actions: [ActionRequest]
    public var flowEvents: [FlowEvent]
    public var state: FlowState
    /// Whether the conversation goes to a human.
    public var handoff: Bool

    public init(
        intent: IntentRecognition, entities: [Entity], replies: [String], actions: [ActionRequest], flowEvents: [FlowEvent], state: FlowState,
        handoff: Bool
    ) {
        self.intent = intent
        self.entities = entities
        self.replies = replies
        self.actions = actions
        self.flowEvents = flowEvents
        self.state = state
        self.handoff = handoff
    }
}
