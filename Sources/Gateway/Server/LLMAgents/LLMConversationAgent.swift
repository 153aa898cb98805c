import Agents
import EventLog
import Foundation
import JSONValues
import LLM
import Messaging
import Privacy

/// An LLM agent (provider `openai` or `anthropic`) running in the gateway's agent worker. Per
/// turn: check the day's token quota, assemble the context within the token budget (compacting
/// older turns into a recorded summary), call the model through the failover list, perform the
/// tools it calls (each an idempotent action) and send back their results, until it answers.
/// Every call is recorded as `agent.llm_called`; a run that passes a limit ends with the agent's
/// polite fallback and `agent.limit_exceeded`; when no provider answers, the person is told so.
public struct LLMConversationAgent: ConversationAgent {
    public let id: String
    let declared: AgentDefinition
    let client: LLMFailoverClient
    let keyring: SubjectKeyring
    let tools: LLMAgentTools
    let usage: AgentUsage
    let context: LLMContextAssembler

    /// - Parameters:
    ///   - client: the definition's models as failover routes.
    ///   - performer: performs the declared tools other than `handoff` (nil: those calls fail).
    ///   - windowSize: how many messages the conversation_context read model keeps.
    public init(
        definition: AgentDefinition, client: LLMFailoverClient, log: EventLog, keyring: SubjectKeyring,
        performer: (any AgentToolPerformer)? = nil, windowSize: Int = 20
    ) {
        self.id = definition.id
        self.declared = definition
        self.client = client
        self.keyring = keyring
        self.tools = LLMAgentTools(declarations: definition.tools, performer: performer)
        self.usage = AgentUsage(pool: log.pool)
        self.context = LLMContextAssembler(log: log, keyring: keyring, windowSize: windowSize)
    }

    public var definition: AgentDefinition? { declared }

    /// Sends the model's tool calls to `performer` (the gateway binds its action runner here).
    public func bindTools(to performer: any AgentToolPerformer) {
        tools.performer.bind(performer)
    }
    /// Said when no provider answered.
    var unavailableReply: String {
        declared.templates["unavailable"] ?? "Sorry, I can't answer right now. Please try again in a few minutes."
    }

    public func respond(to turn: AgentTurn) async throws -> AgentResponse {
        guard let text = turn.text ?? turn.interactiveReplyID, !text.isEmpty else { return AgentResponse(replies: []) }
        let limits = declared.limits
        let usedToday = try await usage.tokens(of: id, dayOf: turn.receivedAt)
        func tokensBreach(_ run: LLMRun) -> AgentLimitBreach? {
            let used = usedToday + run.tokens
            return used >= limits.tokensPerDay
                ? AgentLimitBreach(limit: "tokens_per_day", bound: Double(limits.tokensPerDay), observed: Double(used)) : nil
        }
        var run = LLMRun(agentID: id, turn: turn, client: client, keyring: keyring)
        if let breach = tokensBreach(run) { return AgentResponse(replies: [], limitExceeded: breach) }

        var messages = try await context.assemble(for: turn, text: text, definition: declared, run: &run)
        messages.append(.user(text))
        var toolCalls = 0
        while true {
            if let breach = tokensBreach(run) { return AgentResponse(replies: [], events: run.events, limitExceeded: breach) }
            let request = LLMRequest(
                model: "", messages: messages, tools: tools.definitions, maxTokens: declared.llm.maxTokens,
                temperature: declared.llm.temperature)
            let answer: LLMRun.Answer
            do {
                answer = try await run.call(request, purpose: "answer", stream: declared.llm.stream, maximumCharacters: limits.maxOutputChars)
            } catch let error as LLMError where error.code != .cancelled {
                return AgentResponse(replies: [AgentReply(text: unavailableReply)], events: run.events)
            }
            let response: LLMResponse
            switch answer {
            case .cutOff(let characters):
                return AgentResponse(
                    replies: [], events: run.events,
                    limitExceeded: AgentLimitBreach(limit: "max_output_chars", bound: Double(limits.maxOutputChars), observed: Double(characters)))
            case .answered(let answered):
                response = answered
            }
            guard !response.toolCalls.isEmpty else {
                // An empty answer (a model with nothing to say, a server that dropped the stream)
                // still gets the person a reply.
                let reply = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
                return AgentResponse(replies: [AgentReply(text: reply.isEmpty ? unavailableReply : reply)], events: run.events)
            }
            guard toolCalls + response.toolCalls.count <= limits.maxToolCalls else {
                return AgentResponse(
                    replies: [], events: run.events,
                    limitExceeded: AgentLimitBreach(
                        limit: "max_tool_calls", bound: Double(limits.maxToolCalls), observed: Double(toolCalls + response.toolCalls.count)))
            }
            messages.append(response.assistantMessage)
            for call in response.toolCalls {
                let actionID = ActionRequest.id(messageID: turn.receivedEventID.text(), action: call.name, index: toolCalls)
                let result = try await tools.perform(call, actionID: actionID, run: &run)
                toolCalls += 1
                messages.append(.toolResult(callID: call.id, content: result.content, isError: result.isError))
            }
        }
    }
}
