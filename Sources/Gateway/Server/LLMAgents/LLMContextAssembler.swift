import Agents
import ConversationContextReadModel
import EventLog
import Foundation
import LLM
import Logging
import Messaging
import Postgres
import Privacy

/// Builds what an LLM agent sends with a turn, within its token budget: the system prompt, the
/// latest summary (`agent.context_compacted`) and the turns after it from the conversation_context
/// read model, oldest first. When the history outgrows the budget, or the read model's window is
/// about to drop turns no summary covers, the older half is summarised by the model and the
/// summary recorded, so the next run starts from it.
struct LLMContextAssembler: Sendable {
    let log: EventLog
    let keyring: SubjectKeyring
    /// How many messages the read model keeps per conversation.
    let windowSize: Int
    let logger = Logger(label: "switchboard.agents.llm")

    /// The messages to send before the person's new message.
    func assemble(for turn: AgentTurn, text: String, definition: AgentDefinition, run: inout LLMRun) async throws -> [LLMMessage] {
        let system = definition.systemPrompt ?? ""
        var summary: (text: String, through: Int64)?
        if let event = try await log.lastEvent(in: turn.conversation.streamID, ofTypes: [AgentContextCompacted.eventType]) {
            let compacted = try EventPayloadCoding.decode(AgentContextCompacted.self, from: event.payload, schemaVersion: event.schemaVersion)
            if compacted.agentID == definition.id, case .plaintext(let text) = try await keyring.unseal(compacted.summary) {
                summary = (text, compacted.throughPosition)
            }
        }
        var history = try await turns(of: turn, after: summary?.through ?? 0)
        let budget = definition.llm.contextTokens - definition.llm.maxTokens
        func fixed() -> Int { LLMTokenEstimate.tokens(Self.systemMessage(system, summary: summary?.text)) + LLMTokenEstimate.tokens(text) + 4 }
        let overBudget = fixed() + LLMTokenEstimate.tokens(history.map(\.message)) > budget
        if history.count >= 2, overBudget || history.count >= windowSize - 2 {
            // Keep the newer turns that fit in half the budget (at least one), summarise the rest.
            var kept = 0
            var keptTokens = 0
            for turn in history.reversed() {
                let cost = LLMTokenEstimate.tokens(turn.message)
                guard kept == 0 || keptTokens + cost <= budget / 2, kept < history.count - 1, kept < windowSize / 2 else { break }
                kept += 1
                keptTokens += cost
            }
            let older = Array(history.dropLast(kept))
            if let newSummary = try await run.summarise(older.map(\.message), previous: summary?.text, definition: definition) {
                summary = (newSummary, older.last!.position)
                history.removeFirst(older.count)
                try await run.recordCompaction(summary: newSummary, through: older.last!.position, messages: older.count)
            }
        }
        // Whatever still does not fit is dropped, oldest first (the summary stands for it).
        while !history.isEmpty, fixed() + LLMTokenEstimate.tokens(history.map(\.message)) > budget {
            history.removeFirst()
        }
        return [Self.systemMessage(system, summary: summary?.text)] + history.map(\.message)
    }

    /// The read model's messages of this conversation between the summary and this turn.
    func turns(of turn: AgentTurn, after position: Int64) async throws -> [LLMHistoryTurn] {
        let keyring = self.keyring
        let messages: [ConversationMessage]
        do {
            messages =
                try await log.pool.withConnection { connection in
                    try await ConversationQueries.messages(of: turn.conversation, keyring: keyring, on: connection)
                } ?? []
        } catch let error as PostgresError where error.sqlState == "42P01" || error.sqlState == "3F000" {
            // No projector has built the read model yet: answer without history rather than not at all.
            logger.warning("conversation_context read model missing; answering without history", metadata: ["conversation": "\(turn.conversation)"])
            messages = []
        }
        return messages.compactMap { message in
            guard message.globalPosition > position, message.globalPosition < turn.receivedPosition || turn.receivedPosition == 0,
                message.eventID != turn.receivedEventID, let text = message.text, !text.isEmpty
            else { return nil }
            return LLMHistoryTurn(position: message.globalPosition, message: message.direction == .inbound ? .user(text) : .assistant(text))
        }
    }

    static func systemMessage(_ prompt: String, summary: String?) -> LLMMessage {
        guard let summary else { return .system(prompt) }
        return .system(prompt + "\n\nSummary of the conversation so far:\n" + summary)
    }
}
