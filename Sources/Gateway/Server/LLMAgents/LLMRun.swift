import Agents
import EventLog
import Foundation
import LLM
import Messaging
import Privacy

/// One LLM agent run in progress: it calls the model through the failover client and collects
/// the events the run records (each route's `agent.llm_called`, a compaction), with ids derived
/// from the message answered and their order in the run, so a run redone after a crash appends
/// nothing twice.
struct LLMRun: Sendable {
    let agentID: String
    let turn: AgentTurn
    let client: LLMFailoverClient
    let keyring: SubjectKeyring
    private(set) var events: [NewEvent] = []
    /// Tokens (in and out) this run has used so far.
    private(set) var tokens = 0
    private var sequence = 0

    init(agentID: String, turn: AgentTurn, client: LLMFailoverClient, keyring: SubjectKeyring) {
        self.agentID = agentID
        self.turn = turn
        self.client = client
        self.keyring = keyring
    }

    /// What the answer came to, or where it stopped.
    enum Answer {
        case answered(LLMResponse)
        /// Streamed text passed `limit` characters and the stream was stopped.
        case cutOff(characters: Int)
    }

    /// Calls the model; streamed calls stop as soon as the text passes `maximumCharacters`.
    /// - Throws: `LLMError` when every route failed (their records are kept).
    mutating func call(_ request: LLMRequest, purpose: String, stream: Bool, maximumCharacters: Int) async throws -> Answer {
        let started = ContinuousClock.now
        if !stream {
            let completion: LLMCompletion
            do {
                completion = try await client.complete(request)
            } catch {
                for record in error.attempts { try await note(record, purpose: purpose, request: request, answer: nil) }
                throw error
            }
            for record in completion.records {
                try await note(record, purpose: purpose, request: request, answer: record.outcome == .succeeded ? completion.response : nil)
            }
            return .answered(completion.response)
        }
        // Records of a streamed call arrive as `.callRecorded` before `.done` (or before the error):
        // they are kept until the answer is known, which the succeeded one carries.
        var text = 0
        var records: [LLMCallRecord] = []
        var answer: LLMResponse?
        do {
            for try await event in client.stream(request) {
                switch event {
                case .textDelta(let delta): text += delta.count
                case .callRecorded(let record): records.append(record)
                case .done(let response): answer = response
                default: break
                }
                if text > maximumCharacters { break }
            }
        } catch {
            for record in records { try await note(record, purpose: purpose, request: request, answer: nil) }
            throw error
        }
        for record in records {
            try await note(record, purpose: purpose, request: request, answer: record.outcome == .succeeded ? answer : nil)
        }
        if let answer { return .answered(answer) }
        let routesEnded = records.count
        // Stopped early: record what was spent on the route that was streaming, estimated, since
        // the provider never said.
        let route = client.routes[min(routesEnded, client.routes.count - 1)]
        let record = LLMCallRecord(
            provider: route.provider.name, model: route.model,
            inputTokens: LLMTokenEstimate.tokens(request.messages), outputTokens: (text + 3) / 4, latency: ContinuousClock.now - started,
            outcome: .failed(code: "output_limit"), attempts: 1, streamed: true, routeIndex: min(routesEnded, client.routes.count - 1))
        try await note(record, purpose: purpose, request: request, answer: nil)
        return .cutOff(characters: text)
    }

    /// Summarises `messages` (after an earlier summary) for compaction; nil when the model could
    /// not (the caller then drops old turns instead).
    mutating func summarise(_ messages: [LLMMessage], previous: String?, definition: AgentDefinition) async throws -> String? {
        var transcript = previous.map { "Earlier summary: \($0)\n" } ?? ""
        for message in messages {
            transcript += "\(message.role == .user ? "Customer" : "Assistant"): \(message.content)\n"
        }
        let request = LLMRequest(
            model: "",
            messages: [
                .system("Summarise this customer conversation in a few sentences for the assistant who continues it. Keep names, dates, amounts, requests and promises."),
                .user(transcript),
            ],
            maxTokens: min(256, definition.llm.maxTokens), temperature: 0)
        do {
            guard case .answered(let response) = try await call(request, purpose: "compaction", stream: false, maximumCharacters: .max) else {
                return nil
            }
            let summary = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
            return summary.isEmpty ? nil : summary
        } catch is LLMError {
            return nil
        }
    }

    /// Records `agent.context_compacted`.
    mutating func recordCompaction(summary: String, through position: Int64, messages: Int) async throws {
        let compacted = AgentContextCompacted(
            conversationID: turn.conversation, agentID: agentID, summary: try await keyring.seal(summary, subject: turn.senderSubjectID),
            throughPosition: position, messagesSummarised: messages, subjectID: turn.senderSubjectID)
        events.append(
            try NewEvent(
                id: DerivedEventID.make(from: turn.receivedEventID, part: "\(AgentContextCompacted.eventType)/\(agentID)"),
                type: AgentContextCompacted.eventType, payload: EventPayloadCoding.encode(compacted), subjectID: turn.senderSubjectID,
                metadata: metadata, correlationID: turn.receivedEventID, causationID: turn.receivedEventID))
    }

    var metadata: [String: String] {
        ["channel": turn.channel.rawValue, "account": turn.accountID, "agent": agentID]
    }

    /// Appends the `agent.llm_called` of one route; the request and the answer are sealed.
    private mutating func note(_ record: LLMCallRecord, purpose: String, request: LLMRequest, answer: LLMResponse?) async throws {
        let subject = turn.senderSubjectID
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let prompt = record.attempts == 0 ? nil : try await keyring.seal(String(decoding: try encoder.encode(request.messages), as: UTF8.self), subject: subject)
        var sealedAnswer: SealedField?
        if let answer { sealedAnswer = try await keyring.seal(String(decoding: try encoder.encode(answer), as: UTF8.self), subject: subject) }
        let called = AgentLLMCalled(
            conversationID: turn.conversation, agentID: agentID, purpose: purpose, provider: record.provider, model: record.model,
            inputTokens: record.inputTokens, outputTokens: record.outputTokens, latencyMilliseconds: record.latencyMilliseconds,
            outcome: record.outcome.label, attempts: record.attempts, streamed: record.streamed, prompt: prompt, answer: sealedAnswer,
            subjectID: subject)
        tokens += record.inputTokens + record.outputTokens
        var metadata = self.metadata
        metadata["tokens"] = String(record.inputTokens + record.outputTokens)
        events.append(
            try NewEvent(
                id: DerivedEventID.make(from: turn.receivedEventID, part: "\(AgentLLMCalled.eventType)/\(agentID)/\(sequence)"),
                type: AgentLLMCalled.eventType, payload: EventPayloadCoding.encode(called), subjectID: subject, metadata: metadata,
                correlationID: turn.receivedEventID, causationID: turn.receivedEventID))
        sequence += 1
    }
}

extension LLMRun {
    /// Records that the model handed the conversation to a person.
    mutating func recordHandoff(reason: String) throws {
        let id = DerivedEventID.make(from: turn.receivedEventID, part: "\(HandoffRequested.eventType)/\(agentID)")
        guard !events.contains(where: { $0.id == id }) else { return }
        events.append(
            try NewEvent(
                id: id, type: HandoffRequested.eventType,
                payload: EventPayloadCoding.encode(HandoffRequested(conversationID: turn.conversation, agentID: agentID, reason: reason)),
                metadata: metadata, correlationID: turn.receivedEventID, causationID: turn.receivedEventID))
    }
}
