/// The JSON shapes a Chat Completions server answers: the whole completion, and the
/// `chat.completion.chunk` objects of a stream. Fields are optional where real servers
/// (OpenAI, Ollama, vLLM, llama.cpp) differ; what is required is checked by the decoders.
enum OpenAIWireResponse {
    struct Completion: Decodable {
        var id: String?
        var model: String?
        var choices: [Choice]?
        var usage: Usage?
        var error: LLMJSONValue?
    }

    struct Choice: Decodable {
        var index: Int?
        var message: Message?
        var finishReason: String?
        enum CodingKeys: String, CodingKey {
            case index, message
            case finishReason = "finish_reason"
        }
    }

    struct Message: Decodable {
        var role: String?
        var content: String?
        var toolCalls: [ToolCall]?
        enum CodingKeys: String, CodingKey {
            case role, content
            case toolCalls = "tool_calls"
        }
    }

    struct ToolCall: Decodable {
        var index: Int?
        var id: String?
        var type: String?
        var function: Function?
    }

    struct Function: Decodable {
        var name: String?
        var arguments: String?

        enum CodingKeys: String, CodingKey { case name, arguments }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            // OpenAI sends arguments as JSON text; some compatible servers send an object.
            if let text = try? container.decodeIfPresent(String.self, forKey: .arguments) {
                arguments = text
            } else {
                arguments = try container.decodeIfPresent(LLMJSONValue.self, forKey: .arguments)?.jsonText
            }
        }
    }

    struct Usage: Decodable {
        var promptTokens: Int?
        var completionTokens: Int?
        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
        }
        var usage: LLMUsage { LLMUsage(inputTokens: promptTokens ?? 0, outputTokens: completionTokens ?? 0) }
    }

    struct Chunk: Decodable {
        var id: String?
        var model: String?
        var choices: [ChunkChoice]?
        var usage: Usage?
        var error: LLMJSONValue?
    }

    struct ChunkChoice: Decodable {
        var index: Int?
        var delta: Message?
        var finishReason: String?
        enum CodingKeys: String, CodingKey {
            case index, delta
            case finishReason = "finish_reason"
        }
    }
}
