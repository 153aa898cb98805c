/// OpenAI Chat Completions (`POST {base}/v1/chat/completions`) — OpenAI itself, and the
/// compatible servers of Ollama, vLLM, llama.cpp and others, told apart only by base URL.
/// Sends `Authorization: Bearer <key>` when a key is configured.
enum OpenAIChatFormat: LLMWireFormat {
    static let path = "/v1/chat/completions"

    static func headers(_ configuration: LLMProviderConfiguration) -> [(String, String)] {
        guard let key = configuration.apiKey, !key.isEmpty else { return [] }
        return [("authorization", "Bearer \(key)")]
    }

    static func wireRequest(_ request: LLMRequest, stream: Bool, configuration: LLMProviderConfiguration) -> OpenAIWireRequest {
        OpenAIWireRequest(request, stream: stream, includeUsage: configuration.requestStreamUsage)
    }

    static func decode(_ body: [UInt8], requestedModel: String) throws(LLMError) -> LLMResponse {
        try OpenAIResponseDecoder.decode(body, requestedModel: requestedModel)
    }

    static func assembler(requestedModel: String) -> OpenAIStreamAssembler {
        OpenAIStreamAssembler(requestedModel: requestedModel)
    }
}
