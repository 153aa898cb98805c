/// The JSON body of `POST /v1/messages`, built from an `LLMRequest`: system messages become
/// the top-level `system`, tool calls become `tool_use` blocks, tool results become
/// `tool_result` blocks in a user message (consecutive ones merged, as the API wants turns
/// to alternate), and `max_tokens` is always present.
struct AnthropicWireRequest: Encodable {
    struct Message: Encodable {
        var role: String
        var content: [LLMJSONValue]
    }

    struct Tool: Encodable {
        var name: String
        var description: String
        var inputSchema: LLMJSONValue
        enum CodingKeys: String, CodingKey {
            case name, description
            case inputSchema = "input_schema"
        }
    }

    var model: String
    var maxTokens: Int
    var system: String?
    var messages: [Message]
    var tools: [Tool]?
    var toolChoice: LLMJSONValue?
    var temperature: Double?
    var stream: Bool?

    enum CodingKeys: String, CodingKey {
        case model, system, messages, tools, temperature, stream
        case maxTokens = "max_tokens"
        case toolChoice = "tool_choice"
    }

    /// - Throws: `LLMError` `badRequest` when an earlier tool call's arguments are not a JSON
    ///   object (Anthropic needs `input` as an object).
    init(_ request: LLMRequest, stream: Bool, defaultMaxTokens: Int) throws(LLMError) {
        model = request.model
        maxTokens = request.maxTokens ?? defaultMaxTokens
        let systemText = request.messages.filter { $0.role == .system }.map(\.content).filter { !$0.isEmpty }
        system = systemText.isEmpty ? nil : systemText.joined(separator: "\n\n")
        var messages: [Message] = []
        for message in request.messages where message.role != .system {
            let role = message.role == .assistant ? "assistant" : "user"
            var blocks: [LLMJSONValue] = []
            switch message.role {
            case .system:
                continue
            case .user:
                if !message.content.isEmpty { blocks.append(["type": "text", "text": .string(message.content)]) }
            case .assistant:
                if !message.content.isEmpty { blocks.append(["type": "text", "text": .string(message.content)]) }
                for call in message.toolCalls {
                    let input = try call.parsedArgumentsForResend()
                    blocks.append(["type": "tool_use", "id": .string(call.id), "name": .string(call.name), "input": input])
                }
            case .tool:
                var block: LLMJSONValue = [
                    "type": "tool_result", "tool_use_id": .string(message.toolCallID ?? ""), "content": .string(message.content),
                ]
                if message.isError, case .object(var members) = block {
                    members["is_error"] = true
                    block = .object(members)
                }
                blocks.append(block)
            }
            guard !blocks.isEmpty else { continue }
            if let last = messages.last, last.role == role {
                messages[messages.count - 1].content += blocks
            } else {
                messages.append(Message(role: role, content: blocks))
            }
        }
        self.messages = messages
        if !request.tools.isEmpty {
            tools = request.tools.map { Tool(name: $0.name, description: $0.description, inputSchema: $0.parameters) }
        }
        switch request.toolChoice {
        case nil: toolChoice = nil
        case .auto: toolChoice = ["type": "auto"]
        case .disabled: toolChoice = ["type": "none"]
        case .required: toolChoice = ["type": "any"]
        case .function(let name): toolChoice = ["type": "tool", "name": .string(name)]
        }
        temperature = request.temperature
        self.stream = stream ? true : nil
    }
}

extension LLMToolCall {
    /// The arguments as the JSON object Anthropic's `tool_use.input` needs.
    fileprivate func parsedArgumentsForResend() throws(LLMError) -> LLMJSONValue {
        let value: LLMJSONValue
        do {
            value = try parsedArguments()
        } catch {
            throw LLMError(code: .badRequest, message: "tool call \(id) (\(name)) in the history has arguments that are not JSON")
        }
        guard case .object = value else {
            throw LLMError(code: .badRequest, message: "tool call \(id) (\(name)) in the history has arguments that are not a JSON object")
        }
        return value
    }
}
