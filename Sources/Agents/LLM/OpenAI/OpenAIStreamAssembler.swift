import Foundation

/// Folds the server-sent events of a streamed Chat Completion into `LLMStreamEvent`s: text
/// deltas, tool-call deltas assembled by `index` (the id and name come with the first piece,
/// arguments arrive in fragments), usage, and, at `data: [DONE]`, each completed tool call and
/// `done` with the whole response. Pure: one instance per stream.
struct OpenAIStreamAssembler: LLMStreamAssembling {
    private struct PartialToolCall {
        var id: String?
        var name: String = ""
        var arguments: String = ""
    }

    private let requestedModel: String
    private var id: String?
    private var model: String?
    private var text = ""
    private var toolCalls: [Int: PartialToolCall] = [:]
    private var finishReason: LLMFinishReason?
    private var usage: LLMUsage?
    private(set) var isFinished = false

    init(requestedModel: String) {
        self.requestedModel = requestedModel
    }

    /// The events one server-sent event yields.
    /// - Throws: `LLMError` for a chunk that is not JSON of the chunk shape, or an `error` chunk.
    mutating func consume(_ event: ServerSentEvent) throws(LLMError) -> [LLMStreamEvent] {
        guard !isFinished else { return [] }
        let data = event.data.trimmingCharacters(in: .whitespaces)
        if data == "[DONE]" { return complete() }
        if data.isEmpty { return [] }
        let chunk: OpenAIWireResponse.Chunk
        do {
            chunk = try JSONDecoder().decode(OpenAIWireResponse.Chunk.self, from: Data(data.utf8))
        } catch {
            throw LLMError(
                code: .malformedResponse, message: "stream chunk is not valid JSON of the chunk shape: \(data.prefix(200))"
            )
        }
        if let error = chunk.error { throw HTTPFailureClassifier.classify(streamError: error) }
        id = id ?? chunk.id
        model = model ?? chunk.model
        var events: [LLMStreamEvent] = []
        for choice in chunk.choices ?? [] where (choice.index ?? 0) == 0 {
            if let content = choice.delta?.content, !content.isEmpty {
                text += content
                events.append(.textDelta(content))
            }
            for (position, call) in (choice.delta?.toolCalls ?? []).enumerated() {
                let index = call.index ?? position
                var partial = toolCalls[index] ?? PartialToolCall()
                if let callID = call.id, !callID.isEmpty { partial.id = callID }
                if let name = call.function?.name, !name.isEmpty, partial.name.isEmpty { partial.name = name }
                let fragment = call.function?.arguments ?? ""
                partial.arguments += fragment
                toolCalls[index] = partial
                events.append(.toolCallDelta(index: index, id: call.id, name: call.function?.name, argumentsFragment: fragment))
            }
            if let reason = choice.finishReason, !reason.isEmpty { finishReason = LLMFinishReason(openAI: reason) }
        }
        if let reported = chunk.usage {
            usage = reported.usage
            events.append(.usage(reported.usage))
        }
        return events
    }

    /// Ends the stream at the end of the body. A stream that saw a `finish_reason` but no
    /// `[DONE]` is accepted (some servers omit it).
    /// - Throws: `LLMError` `malformedResponse` when the stream stopped before either.
    mutating func finish() throws(LLMError) -> [LLMStreamEvent] {
        if isFinished { return [] }
        guard finishReason != nil else {
            throw LLMError(code: .malformedResponse, message: "stream ended before data: [DONE] (cut short)")
        }
        return complete()
    }

    private mutating func complete() -> [LLMStreamEvent] {
        isFinished = true
        let calls = toolCalls.sorted { $0.key < $1.key }.map { index, partial in
            LLMToolCall(id: partial.id ?? "call_\(index)", name: partial.name, arguments: partial.arguments)
        }
        let response = LLMResponse(
            id: id, model: model ?? requestedModel, text: text, toolCalls: calls,
            finishReason: finishReason ?? (calls.isEmpty ? .stop : .toolCalls), usage: usage
        )
        return calls.map(LLMStreamEvent.toolCallCompleted) + [.done(response)]
    }
}
