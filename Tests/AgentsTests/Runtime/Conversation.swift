import Agents
import Foundation

/// Drives a rules agent turn by turn, carrying the flow state and the flow events as the runtime would.
struct Conversation {
    let agent: RulesAgent
    var now = DemoAgents.now
    var context: [String: String] = [:]
    var state = FlowState()
    var records: [FlowTurnRecord] = []
    var turns: [(turn: AgentTurn, at: Date)] = []

    init(_ agent: RulesAgent, context: [String: String] = [:]) {
        self.agent = agent
        self.context = context
    }

    @discardableResult
    mutating func say(_ text: String) -> AgentDecision {
        let turn = AgentTurn(messageID: "msg-\(turns.count + 1)", text: text, context: context)
        let decision = agent.respond(to: turn, state: state, now: now)
        state = decision.state
        records.append(FlowTurnRecord(messageID: turn.messageID, events: decision.flowEvents))
        turns.append((turn, now))
        now = now.addingTimeInterval(30)
        return decision
    }
}
