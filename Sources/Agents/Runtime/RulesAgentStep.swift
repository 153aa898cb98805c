import Foundation

extension RulesAgent {
    /// One turn's decision being built: events applied to the state as they are emitted.
    struct Step {
        let agent: RulesAgent
        let turn: AgentTurn
        var state: FlowState
        let now: Date
        let recognition: IntentRecognition
        let entities: [Entity]
        let words: [String]
        var events: [FlowEvent] = []
        var replies: [String] = []
        var actions: [ActionRequest] = []
        var handoff = false

        init(agent: RulesAgent, turn: AgentTurn, state: FlowState, now: Date, recognition: IntentRecognition, entities: [Entity]) {
            self.agent = agent
            self.turn = turn
            self.state = state
            self.now = now
            self.recognition = recognition
            self.entities = entities
            words = TextFolding.words(turn.text)
        }

        mutating func emit(_ event: FlowEvent) {
            events.append(event)
            state = state.applying(event)
        }

        mutating func say(_ source: String, extra: [String: String] = [:]) {
            let text = agent.templates.render(source, slots: state.active?.slots ?? [:], context: turn.context, extra: extra, now: now)
            if !text.isEmpty { replies.append(text) }
        }

        mutating func request(_ action: String, slots: [String: EntityValue]) {
            actions.append(ActionRequest(id: ActionRequest.id(messageID: turn.messageID, action: action, index: actions.count), name: action, slots: slots))
        }

        /// A confident intent other than the flow's own, which interrupts (or replaces) the flow. Inside a flow
        /// most messages answer a prompt, so the classifier must be surer than usual (≥ 0.6).
        func interruption(of active: ActiveFlow) -> IntentDefinition? {
            guard recognition.isConfident, recognition.best.layer != .fallback, recognition.best.intent != active.intent else { return nil }
            if recognition.best.layer == .classifier && recognition.best.confidence < max(agent.definition.confidence.threshold, 0.6) { return nil }
            return agent.intent(named: recognition.best.intent)
        }

        // MARK: No flow in progress

        mutating func handleFresh() {
            guard recognition.isConfident, let intent = agent.intent(named: recognition.best.intent) else {
                if agent.definition.confidence.below == .handoff {
                    handOff(action: "handoff")
                } else {
                    say(agent.systemTemplate("clarify"))
                }
                return
            }
            handle(intent)
        }

        mutating func handle(_ intent: IntentDefinition) {
            if intent.handoff {
                handOff(action: intent.action ?? "handoff")
            } else if let flow = agent.definition.flow(for: intent.name) {
                start(flow)
            } else {
                answer(intent)
            }
        }

        mutating func answer(_ intent: IntentDefinition) {
            let source = intent.reply.map { agent.templates.template(named: $0) ?? $0 } ?? agent.templates.template(named: intent.name)
            say(source ?? agent.systemTemplate("fallback"))
            if let action = intent.action {
                request(action, slots: Self.entitySlots(entities))
            }
        }

        mutating func handOff(action: String) {
            if state.active != nil { emit(.abandoned(reason: .handedOff)) }
            say(agent.systemTemplate("handoff"))
            request(action, slots: [:])
            handoff = true
        }

        static func entitySlots(_ entities: [Entity]) -> [String: EntityValue] {
            var slots: [String: EntityValue] = [:]
            for entity in entities where slots[entity.name] == nil { slots[entity.name] = entity.value }
            return slots
        }

        // MARK: Flows

        mutating func start(_ flow: FlowDefinition) {
            emit(.started(intent: flow.intent))
            for slot in flow.slots {
                switch agent.read(slot, step: self, existing: nil, asked: false) {
                case .filled(let value), .partial(let value): emit(.slotFilled(slot: slot.name, value: value))
                case .rejected(let reason):
                    emit(.slotRejected(slot: slot.name, reason: reason))
                    say(slot.invalidPrompt ?? agent.systemTemplate("invalid"), extra: ["reason": reason])
                case .none: break
                }
            }
            advance(flow)
        }

        /// Asks for the next missing slot, the confirmation, or completes.
        mutating func advance(_ flow: FlowDefinition, prefix: String? = nil) {
            guard let active = state.active else { return }
            if let slot = flow.slots.first(where: { $0.required && !Self.isComplete(active.slots[$0.name], for: $0) }) {
                emit(.slotRequested(slot: slot.name))
                if case .dateTime(let day)? = active.slots[slot.name] {  // a day without the time it needs
                    let dayText = agent.templates.formatter.string(.dateTime(DateTimeValue(date: day.date, hasDate: true, hasTime: false)), now: now)
                    say((prefix.map { $0 + " " } ?? "") + agent.systemTemplate("ask_time"), extra: ["day": dayText])
                } else {
                    say((prefix.map { $0 + " " } ?? "") + slot.prompt)
                }
            } else if let confirmation = flow.confirmation {
                emit(.confirmationRequested)
                say((prefix.map { $0 + " " } ?? "") + confirmation)
            } else {
                complete(flow)
            }
        }

        static func isComplete(_ value: EntityValue?, for slot: SlotDefinition) -> Bool {
            guard let value else { return false }
            if case .dateTime(let dateTime) = value, slot.validation.requireTime, !dateTime.hasTime { return false }
            return true
        }

        mutating func complete(_ flow: FlowDefinition) {
            let slots = state.active?.slots ?? [:]
            say(flow.completion)  // rendered while the slots are still in the state
            emit(.completed(action: flow.action))
            if let action = flow.action { request(action, slots: slots) }
        }

        mutating func continueFlow(_ flow: FlowDefinition, active: ActiveFlow) {
            if ConfirmationReading.isAbandon(words) && !(active.stage == .confirming && ConfirmationReading.read(words) == .no) {
                emit(.abandoned(reason: .userCancelled))
                say(agent.systemTemplate("flow_cancelled"))
                return
            }
            if let other = interruption(of: active), other.handoff {
                handOff(action: other.action ?? "handoff")
                return
            }
            let interruption = interruption(of: active)
            // A clear request for another flow ("actually I want to book a colour") switches flows, taking its values along.
            if let interruption, recognition.best.confidence >= 0.85, let other = agent.definition.flow(for: interruption.name) {
                emit(.abandoned(reason: .replaced))
                start(other)
                return
            }
            var changed = false
            var rejection: (slot: SlotDefinition, reason: String)?
            let askedName: String? = if case .collecting(let name)? = active.stage { name } else { nil }
            let ordered = flow.slots.filter { $0.name == askedName } + flow.slots.filter { $0.name != askedName }
            for slot in ordered {
                let isAsked = slot.name == askedName
                let existing = state.active?.slots[slot.name]
                if active.stage != .confirming && !isAsked && Self.isComplete(existing, for: slot) { continue }
                let freeText = isAsked && interruption == nil
                switch agent.read(slot, step: self, existing: existing, asked: freeText) {
                case .filled(let value), .partial(let value):
                    if value != existing {
                        emit(.slotFilled(slot: slot.name, value: value))
                        changed = true
                    }
                case .rejected(let reason):
                    if rejection == nil { rejection = (slot, reason) }
                case .none: break
                }
            }
            if let rejection {  // a value for the flow was offered, even if the classifier also liked another intent
                emit(.slotRejected(slot: rejection.slot.name, reason: rejection.reason))
                say(rejection.slot.invalidPrompt ?? agent.systemTemplate("invalid"), extra: ["reason": rejection.reason])
                if (state.active?.attempts ?? 0) >= 3 { return giveUp() }
                if !changed {
                    say(rejection.slot.prompt)
                    return
                }
            }
            if changed {
                advance(flow)
                return
            }
            if active.stage == .confirming {
                switch ConfirmationReading.read(words) {
                case .yes: return complete(flow)
                case .no:
                    emit(.abandoned(reason: .declined))
                    say(agent.systemTemplate("declined"))
                    return
                case .unclear: break
                }
            }
            if let interruption {
                if let other = agent.definition.flow(for: interruption.name) {
                    emit(.abandoned(reason: .replaced))
                    start(other)
                } else {
                    answer(interruption)
                    advance(flow, prefix: agent.systemTemplate("resume"))
                }
                return
            }
            if active.stage == .confirming {
                emit(.slotRejected(slot: "confirmation", reason: "unclear"))
                if (state.active?.attempts ?? 0) >= 3 { return giveUp() }
                say(agent.systemTemplate("confirm_retry"))
                advance(flow)
            } else {
                emit(.slotRejected(slot: askedName ?? "", reason: "not understood"))
                if (state.active?.attempts ?? 0) >= 3 { return giveUp() }
                advance(flow, prefix: agent.systemTemplate("not_understood"))
            }
        }

        mutating func giveUp() {
            emit(.abandoned(reason: .tooManyAttempts))
            say(agent.systemTemplate("too_many_attempts"))
            if agent.definition.confidence.below == .handoff { handOff(action: "handoff") }
        }

        mutating func enforceOutputLimit(_ limit: Int) {
            var remaining = limit
            replies = replies.compactMap { reply in
                guard remaining > 0 else { return nil }
                defer { remaining -= reply.count }
                return reply.count <= remaining ? reply : String(reply.prefix(max(remaining - 1, 0))) + "…"
            }
        }
    }
}
