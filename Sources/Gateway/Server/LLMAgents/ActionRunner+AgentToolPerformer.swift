import Agents
import Foundation
import LLM
import Messaging

/// LLM agents' tool calls run as inline actions: recorded, performed at most once per action id,
/// and their outcome told to the model as JSON.
extension ActionRunner: AgentToolPerformer {
    public func perform(
        tool: ToolDeclaration, actionID: String, arguments: [String: EntityValue], agentID: String, turn: AgentTurn
    ) async throws -> LLMToolResult {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let inputs = try await keyring.seal(String(decoding: try encoder.encode(arguments), as: UTF8.self), subject: turn.senderSubjectID)
        let requested = AgentActionRequested(
            conversationID: turn.conversation, agentID: agentID, actionID: actionID, name: tool.name, inputs: inputs,
            subjectID: turn.senderSubjectID)
        let outcome = try await runInline(
            requested, streamID: turn.conversation.streamID, correlationID: turn.receivedEventID, causationID: turn.receivedEventID)
        switch outcome {
        case .completed(let outputs, _):
            var result: [String: LLMJSONValue] = ["status": "done"]
            for (name, value) in outputs { result[name] = .string(value) }
            return LLMToolResult(content: LLMJSONValue.object(result).jsonText)
        case .failed(let failure, _):
            let result: LLMJSONValue = ["status": "failed", "reason": .string(failure.reason), "retryable": .bool(failure.retryable)]
            return LLMToolResult(content: result.jsonText, isError: true)
        }
    }
}
