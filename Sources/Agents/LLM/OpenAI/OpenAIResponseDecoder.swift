import Foundation

/// Decodes a non-streamed Chat Completions answer into an `LLMResponse`. Pure.
enum OpenAIResponseDecoder {
    /// - Throws: `LLMError` `malformedResponse` when the body is not a completion with a choice,
    ///   or the classified error when the server put an `error` object in a 200 answer.
    static func decode(_ body: [UInt8], requestedModel: String) throws(LLMError) -> LLMResponse {
        let completion: OpenAIWireResponse.Completion
        do {
            completion = try JSONDecoder().decode(OpenAIWireResponse.Completion.self, from: Data(body))
        } catch {
            throw LLMError(
                code: .malformedResponse,
                message: "chat completion is not valid JSON of the expected shape (\(error)); body starts: \(String(decoding: body.prefix(200), as: UTF8.self))"
            )
        }
        if let error = completion.error { throw HTTPFailureClassifier.classify(streamError: error) }
        guard let choice = completion.choices?.first, let message = choice.message else {
            throw LLMError(code: .malformedResponse, message: "chat completion has no choices[0].message")
        }
        var calls: [LLMToolCall] = []
        for (position, call) in (message.toolCalls ?? []).enumerated() {
            guard let name = call.function?.name, !name.isEmpty else {
                throw LLMError(code: .malformedResponse, message: "tool call \(position) has no function name")
            }
            calls.append(LLMToolCall(id: call.id ?? "call_\(position)", name: name, arguments: call.function?.arguments ?? "{}"))
        }
        return LLMResponse(
            id: completion.id,
            model: completion.model ?? requestedModel,
            text: message.content ?? "",
            toolCalls: calls,
            finishReason: choice.finishReason.map(LLMFinishReason.init(openAI:)),
            usage: completion.usage?.usage
        )
    }
}
