import Foundation

/// Decodes a non-streamed Messages answer into an `LLMResponse`. Pure.
enum AnthropicResponseDecoder {
    /// - Throws: `LLMError` `malformedResponse` when the body is not a message, or the
    ///   classified error for an `{"type":"error"}` body.
    static func decode(_ body: [UInt8], requestedModel: String) throws(LLMError) -> LLMResponse {
        let message: AnthropicWireResponse.Message
        do {
            message = try JSONDecoder().decode(AnthropicWireResponse.Message.self, from: Data(body))
        } catch {
            throw LLMError(
                code: .malformedResponse,
                message: "message is not valid JSON of the expected shape (\(error)); body starts: \(String(decoding: body.prefix(200), as: UTF8.self))"
            )
        }
        if let error = message.error { throw HTTPFailureClassifier.classify(streamError: error) }
        guard let content = message.content else {
            throw LLMError(code: .malformedResponse, message: "message has no content array")
        }
        var text = ""
        var calls: [LLMToolCall] = []
        for block in content {
            switch block.type {
            case "text":
                text += block.text ?? ""
            case "tool_use":
                guard let id = block.id, let name = block.name else {
                    throw LLMError(code: .malformedResponse, message: "tool_use block without id or name")
                }
                calls.append(LLMToolCall(id: id, name: name, arguments: (block.input ?? .object([:])).jsonText))
            default:
                continue  // thinking and other blocks carry nothing the runtime uses
            }
        }
        let usage = message.usage.map {
            LLMUsage(inputTokens: $0.totalInputTokens ?? 0, outputTokens: $0.outputTokens ?? 0)
        }
        return LLMResponse(
            id: message.id, model: message.model ?? requestedModel, text: text, toolCalls: calls,
            finishReason: message.stopReason.map(LLMFinishReason.init(anthropic:)), usage: usage
        )
    }
}
