import Foundation

/// Folds the server-sent events of a streamed Messages answer into `LLMStreamEvent`s:
/// `message_start` (id, model, input tokens), `content_block_start` (a text or `tool_use`
/// block), `content_block_delta` (`text_delta`, `input_json_delta`), `content_block_stop`
/// (a tool call is complete), `message_delta` (stop reason, output tokens), `message_stop`
/// (done), `ping` (ignored) and `error` (thrown). Pure: one instance per stream.
struct AnthropicStreamAssembler: LLMStreamAssembling {
    private struct ToolBlock {
        var ordinal: Int
        var id: String
        var name: String
        var json: String
    }

    private let requestedModel: String
    private var id: String?
    private var model: String?
    private var text = ""
    private var toolBlocks: [Int: ToolBlock] = [:]
    private var completedCalls: [LLMToolCall] = []
    private var stopReason: LLMFinishReason?
    private var inputTokens: Int?
    private var outputTokens: Int?
    private var started = false
    private(set) var isFinished = false

    init(requestedModel: String) {
        self.requestedModel = requestedModel
    }

    mutating func consume(_ event: ServerSentEvent) throws(LLMError) -> [LLMStreamEvent] {
        guard !isFinished else { return [] }
        let payload: AnthropicWireResponse.StreamEvent
        do {
            payload = try JSONDecoder().decode(AnthropicWireResponse.StreamEvent.self, from: Data(event.data.utf8))
        } catch {
            throw LLMError(
                code: .malformedResponse,
                message: "stream event \(event.type) has data that is not JSON of the event shape: \(event.data.prefix(200))"
            )
        }
        let type = payload.type ?? event.type
        switch type {
        case "message_start":
            started = true
            id = payload.message?.id
            model = payload.message?.model
            inputTokens = payload.message?.usage?.totalInputTokens
            outputTokens = payload.message?.usage?.outputTokens
            return []
        case "content_block_start":
            guard let index = payload.index, let block = payload.contentBlock else {
                throw malformed("content_block_start without index or content_block")
            }
            switch block.type {
            case "text":
                let initial = block.text ?? ""
                text += initial
                return initial.isEmpty ? [] : [.textDelta(initial)]
            case "tool_use":
                guard let callID = block.id, let name = block.name else { throw malformed("tool_use block without id or name") }
                let ordinal = completedCalls.count + toolBlocks.count
                toolBlocks[index] = ToolBlock(ordinal: ordinal, id: callID, name: name, json: "")
                return [.toolCallDelta(index: ordinal, id: callID, name: name, argumentsFragment: "")]
            default:
                return []
            }
        case "content_block_delta":
            guard let index = payload.index, let delta = payload.delta else {
                throw malformed("content_block_delta without index or delta")
            }
            switch delta.type {
            case "text_delta":
                let piece = delta.text ?? ""
                text += piece
                return piece.isEmpty ? [] : [.textDelta(piece)]
            case "input_json_delta":
                guard var block = toolBlocks[index] else {
                    throw malformed("input_json_delta for block \(index), which is not an open tool_use block")
                }
                let fragment = delta.partialJSON ?? ""
                block.json += fragment
                toolBlocks[index] = block
                return [.toolCallDelta(index: block.ordinal, id: nil, name: nil, argumentsFragment: fragment)]
            default:
                return []  // thinking_delta, signature_delta, citations
            }
        case "content_block_stop":
            guard let index = payload.index else { throw malformed("content_block_stop without index") }
            guard let block = toolBlocks.removeValue(forKey: index) else { return [] }
            let call = LLMToolCall(id: block.id, name: block.name, arguments: block.json.isEmpty ? "{}" : block.json)
            completedCalls.append(call)
            return [.toolCallCompleted(call)]
        case "message_delta":
            if let reason = payload.delta?.stopReason { stopReason = LLMFinishReason(anthropic: reason) }
            if let usage = payload.usage {
                if let total = usage.totalInputTokens { inputTokens = total }
                if let output = usage.outputTokens { outputTokens = output }
                return [.usage(currentUsage)]
            }
            return []
        case "message_stop":
            guard started else { throw malformed("message_stop before message_start") }
            return complete()
        case "error":
            throw HTTPFailureClassifier.classify(streamError: payload.error ?? .string(event.data))
        default:
            return []  // ping, and event types added later
        }
    }

    mutating func finish() throws(LLMError) -> [LLMStreamEvent] {
        if isFinished { return [] }
        throw malformed("stream ended before message_stop (cut short)")
    }

    private var currentUsage: LLMUsage {
        LLMUsage(inputTokens: inputTokens ?? 0, outputTokens: outputTokens ?? 0)
    }

    private mutating func complete() -> [LLMStreamEvent] {
        isFinished = true
        // Tool blocks never stopped are completed here with what arrived.
        var events: [LLMStreamEvent] = []
        for (_, block) in toolBlocks.sorted(by: { $0.value.ordinal < $1.value.ordinal }) {
            let call = LLMToolCall(id: block.id, name: block.name, arguments: block.json.isEmpty ? "{}" : block.json)
            completedCalls.append(call)
            events.append(.toolCallCompleted(call))
        }
        toolBlocks.removeAll()
        let usage: LLMUsage? = inputTokens == nil && outputTokens == nil ? nil : currentUsage
        let response = LLMResponse(
            id: id, model: model ?? requestedModel, text: text, toolCalls: completedCalls,
            finishReason: stopReason ?? (completedCalls.isEmpty ? .stop : .toolCalls), usage: usage
        )
        return events + [.done(response)]
    }

    private func malformed(_ message: String) -> LLMError {
        LLMError(code: .malformedResponse, message: "Anthropic stream: \(message)")
    }
}
