/// The JSON body of `POST /v1/chat/completions`, built from an `LLMRequest`. Assistant
/// messages with tool calls carry `content: ""` (never null or missing): llama.cpp servers
/// reject the other forms.
struct OpenAIWireRequest: Encodable {
    struct Message: Encodable {
        var role: String
        var content: String
        var toolCalls: [ToolCall]?
        var toolCallID: String?

        enum CodingKeys: String, CodingKey {
            case role, content
            case toolCalls = "tool_calls"
            case toolCallID = "tool_call_id"
        }
    }

    struct ToolCall: Encodable {
        struct Function: Encodable {
            var name: String
            var arguments: String
        }
        var id: String
        var type = "function"
        var function: Function
    }

    struct Tool: Encodable {
        struct Function: Encodable {
            var name: String
            var description: String
            var parameters: LLMJSONValue
        }
        var type = "function"
        var function: Function
    }

    struct StreamOptions: Encodable {
        var includeUsage: Bool
        enum CodingKeys: String, CodingKey { case includeUsage = "include_usage" }
    }

    var model: String
    var messages: [Message]
    var tools: [Tool]?
    var toolChoice: LLMJSONValue?
    var maxTokens: Int?
    var temperature: Double?
    var stream: Bool
    var streamOptions: StreamOptions?

    enum CodingKeys: String, CodingKey {
        case model, messages, tools, temperature, stream
        case toolChoice = "tool_choice"
        case maxTokens = "max_tokens"
        case streamOptions = "stream_options"
    }

    init(_ request: LLMRequest, stream: Bool, includeUsage: Bool) {
        model = request.model
        messages = request.messages.map { message in
            switch message.role {
            case .system, .user:
                return Message(role: message.role.rawValue, content: message.content)
            case .assistant:
                let calls = message.toolCalls.map {
                    ToolCall(id: $0.id, function: .init(name: $0.name, arguments: $0.arguments.isEmpty ? "{}" : $0.arguments))
                }
                return Message(role: "assistant", content: message.content, toolCalls: calls.isEmpty ? nil : calls)
            case .tool:
                return Message(role: "tool", content: message.content, toolCallID: message.toolCallID ?? "")
            }
        }
        if !request.tools.isEmpty {
            tools = request.tools.map {
                Tool(function: .init(name: $0.name, description: $0.description, parameters: $0.parameters))
            }
        }
        switch request.toolChoice {
        case nil: toolChoice = nil
        case .auto: toolChoice = "auto"
        case .disabled: toolChoice = "none"
        case .required: toolChoice = "required"
        case .function(let name): toolChoice = ["type": "function", "function": ["name": .string(name)]]
        }
        maxTokens = request.maxTokens
        temperature = request.temperature
        self.stream = stream
        streamOptions = stream && includeUsage ? StreamOptions(includeUsage: true) : nil
    }
}
