import Foundation

/// The offline rules agent: intent pipeline, entities, slot-filling flows and templates, built once
/// from a definition. `respond` is a pure function of the turn, the flow state and the clock, so a
/// replay gives the same decisions and a retried run requests the same action ids.
public struct RulesAgent: Sendable {
    public let definition: AgentDefinition
    public let recognizer: IntentRecognizer
    public let extractor: EntityExtractor
    public let templates: TemplateRenderer
    private let slotFilling: SlotFilling
    private let intents: [String: IntentDefinition]

    public init(definition: AgentDefinition) {
        self.init(definition: definition, recognizer: IntentRecognizer(definition: definition))
    }

    /// An agent reusing a pipeline already trained on the same intents (e.g. after changing only limits or templates).
    public init(definition: AgentDefinition, recognizer: IntentRecognizer) {
        self.definition = definition
        self.recognizer = recognizer.with(policy: definition.confidence)
        extractor = EntityExtractor(definition: definition)
        templates = TemplateRenderer(definition: definition)
        slotFilling = SlotFilling(timeZone: definition.timeZone)
        intents = Dictionary(definition.recognisedIntents.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Decides the reply to one turn given the conversation's flow state.
    public func respond(to turn: AgentTurn, state: FlowState, now: Date) -> AgentDecision {
        let recognition = recognizer.recognise(turn.text)
        let entities = extractor.extract(from: turn.text, now: now)
        var step = Step(agent: self, turn: turn, state: state, now: now, recognition: recognition, entities: entities)
        if let active = state.active, let flow = definition.flow(for: active.intent) {
            step.continueFlow(flow, active: active)
        } else {
            if state.active != nil { step.emit(.abandoned(reason: .replaced)) }  // a flow the definition no longer has
            step.handleFresh()
        }
        step.enforceOutputLimit(definition.limits.maxOutputChars)
        return AgentDecision(
            intent: recognition, entities: entities, replies: step.replies, actions: step.actions, flowEvents: step.events, state: step.state,
            handoff: step.handoff)
    }

    /// The flow state after replaying `turns` in order (what the runtime derives from the conversation's messages).
    public func replay(_ turns: [(turn: AgentTurn, at: Date)]) -> FlowState {
        turns.reduce(FlowState()) { state, entry in respond(to: entry.turn, state: state, now: entry.at).state }
    }

    /// Default wording for the system replies an agent may override with templates of the same name.
    static let defaultTemplates: [String: String] = [
        "clarify": "Sorry, I'm not sure I understood. Could you say it another way?",
        "handoff": "I'm passing you to a colleague, who will answer here shortly.",
        "flow_cancelled": "No problem, I've stopped there. Anything else I can help with?",
        "declined": "Okay, I haven't done anything. Is there anything else I can help with?",
        "not_understood": "Sorry, I didn't catch that.",
        "confirm_retry": "Please answer yes or no.",
        "resume": "Now, back to where we were:",
        "too_many_attempts": "Sorry, this isn't working. Let's start again whenever you're ready.",
        "fallback": "Sorry, I can't help with that here.",
        "invalid": "{{reason}}",
        "ask_time": "What time on {{day}} would suit you?",
    ]

    func systemTemplate(_ name: String) -> String {
        templates.template(named: name) ?? Self.defaultTemplates[name] ?? name
    }

    func intent(named name: String) -> IntentDefinition? { intents[name] }

    func read(_ slot: SlotDefinition, step: Step, existing: EntityValue?, asked: Bool) -> SlotFilling.Outcome {
        slotFilling.read(slot, entities: step.entities, words: step.words, text: step.turn.text, existing: existing, asked: asked, now: step.now)
    }
}
