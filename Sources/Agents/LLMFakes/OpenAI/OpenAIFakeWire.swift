import Foundation
import JSONValues
import PlatformFakes

/// Bodies in the OpenAI Chat Completions wire format: completions, stream chunks and errors.
enum OpenAIFakeWire {
    static func completion(id: String, model: String, text: String?, toolCall: (id: String, name: String, arguments: String)?,
                           inputTokens: Int, outputTokens: Int) -> JSONValue {
        var message: [String: JSONValue] = ["role": .string("assistant"), "content": text.map(JSONValue.string) ?? .null]
        if let toolCall {
            message["tool_calls"] = .array([
                .object([
                    "id": .string(toolCall.id), "type": .string("function"),
                    "function": .object(["name": .string(toolCall.name), "arguments": .string(toolCall.arguments)]),
                ])
            ])
        }
        return .object([
            "id": .string(id), "object": .string("chat.completion"), "created": .integer(1_764_000_000), "model": .string(model),
            "choices": .array([
                .object([
                    "index": .integer(0), "message": .object(message),
                    "finish_reason": .string(toolCall == nil ? "stop" : "tool_calls"),
                ])
            ]),
            "usage": usage(inputTokens, outputTokens),
        ])
    }

    static func usage(_ inputTokens: Int, _ outputTokens: Int) -> JSONValue {
        .object([
            "prompt_tokens": .integer(Int64(inputTokens)), "completion_tokens": .integer(Int64(outputTokens)),
            "total_tokens": .integer(Int64(inputTokens + outputTokens)),
        ])
    }

    static func chunk(id: String, model: String, delta: [String: JSONValue], finishReason: String?) -> String {
        let value: JSONValue = .object([
            "id": .string(id), "object": .string("chat.completion.chunk"), "created": .integer(1_764_000_000), "model": .string(model),
            "choices": .array([
                .object(["index": .integer(0), "delta": .object(delta), "finish_reason": finishReason.map(JSONValue.string) ?? .null])
            ]),
        ])
        return EventStreamBody.event(nil, data: String(decoding: value.encoded(), as: UTF8.self))
    }

    /// The events of a streamed text answer, ending with the usage chunk (when asked) and `[DONE]`.
    static func textStream(id: String, model: String, text: String, inputTokens: Int, outputTokens: Int, includeUsage: Bool)
        -> [String]
    {
        var events = [chunk(id: id, model: model, delta: ["role": .string("assistant"), "content": .string("")], finishReason: nil)]
        for piece in EventStreamBody.pieces(of: text) {
            events.append(chunk(id: id, model: model, delta: ["content": .string(piece)], finishReason: nil))
        }
        events.append(chunk(id: id, model: model, delta: [:], finishReason: "stop"))
        return events + tail(id: id, model: model, inputTokens: inputTokens, outputTokens: outputTokens, includeUsage: includeUsage)
    }

    /// The events of a streamed tool call: id and name first, then argument fragments by index.
    static func toolCallStream(id: String, model: String, text: String, callID: String, name: String, arguments: String,
                               includeUsage: Bool) -> [String]
    {
        var events = [chunk(id: id, model: model, delta: ["role": .string("assistant"), "content": .string("")], finishReason: nil)]
        for piece in EventStreamBody.pieces(of: text) {
            events.append(chunk(id: id, model: model, delta: ["content": .string(piece)], finishReason: nil))
        }
        events.append(
            chunk(
                id: id, model: model,
                delta: ["tool_calls": .array([.object([
                    "index": .integer(0), "id": .string(callID), "type": .string("function"),
                    "function": .object(["name": .string(name), "arguments": .string("")]),
                ])])],
                finishReason: nil))
        for fragment in EventStreamBody.fragments(of: arguments) {
            events.append(
                chunk(
                    id: id, model: model,
                    delta: ["tool_calls": .array([.object(["index": .integer(0), "function": .object(["arguments": .string(fragment)])])])],
                    finishReason: nil))
        }
        events.append(chunk(id: id, model: model, delta: [:], finishReason: "tool_calls"))
        return events + tail(id: id, model: model, inputTokens: 20, outputTokens: 9, includeUsage: includeUsage)
    }

    private static func tail(id: String, model: String, inputTokens: Int, outputTokens: Int, includeUsage: Bool) -> [String] {
        var events: [String] = []
        if includeUsage {
            let value: JSONValue = .object([
                "id": .string(id), "object": .string("chat.completion.chunk"), "created": .integer(1_764_000_000), "model": .string(model),
                "choices": .array([]), "usage": usage(inputTokens, outputTokens),
            ])
            events.append(EventStreamBody.event(nil, data: String(decoding: value.encoded(), as: UTF8.self)))
        }
        events.append(EventStreamBody.event(nil, data: "[DONE]"))
        return events
    }

    static func error(message: String, type: String, code: String?) -> JSONValue {
        .object([
            "error": .object([
                "message": .string(message), "type": .string(type), "param": .null, "code": code.map(JSONValue.string) ?? .null,
            ])
        ])
    }
}
