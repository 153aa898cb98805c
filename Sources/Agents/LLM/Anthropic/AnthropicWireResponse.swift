/// The JSON shapes the Messages API answers: the whole message, and the payloads of the
/// stream events (`message_start`, `content_block_*`, `message_delta`, `error`…).
enum AnthropicWireResponse {
    struct Message: Decodable {
        var id: String?
        var type: String?
        var model: String?
        var content: [ContentBlock]?
        var stopReason: String?
        var usage: Usage?
        var error: LLMJSONValue?
        enum CodingKeys: String, CodingKey {
            case id, type, model, content, usage, error
            case stopReason = "stop_reason"
        }
    }

    struct ContentBlock: Decodable {
        var type: String
        var text: String?
        var id: String?
        var name: String?
        var input: LLMJSONValue?
    }

    struct Usage: Decodable {
        var inputTokens: Int?
        var outputTokens: Int?
        var cacheCreationInputTokens: Int?
        var cacheReadInputTokens: Int?
        enum CodingKeys: String, CodingKey {
            case inputTokens = "input_tokens"
            case outputTokens = "output_tokens"
            case cacheCreationInputTokens = "cache_creation_input_tokens"
            case cacheReadInputTokens = "cache_read_input_tokens"
        }

        /// Every prompt token, cached ones included.
        var totalInputTokens: Int? {
            guard let inputTokens else { return nil }
            return inputTokens + (cacheCreationInputTokens ?? 0) + (cacheReadInputTokens ?? 0)
        }
    }

    struct StreamEvent: Decodable {
        var type: String?
        var message: Message?
        var index: Int?
        var contentBlock: ContentBlock?
        var delta: Delta?
        var usage: Usage?
        var error: LLMJSONValue?
        enum CodingKeys: String, CodingKey {
            case type, message, index, delta, usage, error
            case contentBlock = "content_block"
        }
    }

    struct Delta: Decodable {
        var type: String?
        var text: String?
        var partialJSON: String?
        var stopReason: String?
        enum CodingKeys: String, CodingKey {
            case type, text
            case partialJSON = "partial_json"
            case stopReason = "stop_reason"
        }
    }
}
