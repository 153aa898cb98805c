/// The Anthropic Messages API (`POST {base}/v1/messages`) with `anthropic-version` and, when a
/// key is configured, `x-api-key`.
enum AnthropicMessagesFormat: LLMWireFormat {
    static let path = "/v1/messages"

    static func headers(_ configuration: LLMProviderConfiguration) -> [(String, String)] {
        var headers = [("anthropic-version", configuration.anthropicVersion)]
        if let key = configuration.apiKey, !key.isEmpty { headers.append(("x-api-key", key)) }
        return headers
    }

    static func wireRequest(_ request: LLMRequest, stream: Bool, configuration: LLMProviderConfiguration) throws(LLMError)
        -> AnthropicWireRequest
    {
        try AnthropicWireRequest(request, stream: stream, defaultMaxTokens: configuration.defaultMaxTokens)
    }

    static func decode(_ body: [UInt8], requestedModel: String) throws(LLMError) -> LLMResponse {
        try AnthropicResponseDecoder.decode(body, requestedModel: requestedModel)
    }

    static func assembler(requestedModel: String) -> AnthropicStreamAssembler {
        AnthropicStreamAssembler(requestedModel: requestedModel)
    }
}
