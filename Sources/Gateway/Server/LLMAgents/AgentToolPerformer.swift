import Agents

/// Performs a declared tool as an idempotent action for an agent run (the gateway's action
/// runner): records `agent.action_requested`, performs it at most once per `actionID`, records the
/// outcome, and returns what the model is told.
public protocol AgentToolPerformer: Sendable {
    func perform(
        tool: ToolDeclaration, actionID: String, arguments: [String: EntityValue], agentID: String, turn: AgentTurn
    ) async throws -> LLMToolResult
}
