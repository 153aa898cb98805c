import Foundation
import JSONValues
import PlatformFakes

/// Bodies in the Anthropic Messages wire format: messages, stream events and errors.
enum AnthropicFakeWire {
    static func message(id: String, model: String, text: String, toolUse: (id: String, name: String, input: JSONValue)?,
                        inputTokens: Int, outputTokens: Int) -> JSONValue {
        var content: [JSONValue] = []
        if !text.isEmpty { content.append(.object(["type": .string("text"), "text": .string(text)])) }
        if let toolUse {
            content.append(.object(["type": .string("tool_use"), "id": .string(toolUse.id), "name": .string(toolUse.name), "input": toolUse.input]))
        }
        return .object([
            "id": .string(id), "type": .string("message"), "role": .string("assistant"), "model": .string(model), "content": .array(content),
            "stop_reason": .string(toolUse == nil ? "end_turn" : "tool_use"), "stop_sequence": .null,
            "usage": .object(["input_tokens": .integer(Int64(inputTokens)), "output_tokens": .integer(Int64(outputTokens))]),
        ])
    }

    static func event(_ type: String, _ payload: [String: JSONValue]) -> String {
        var payload = payload
        payload["type"] = .string(type)
        return EventStreamBody.event(type, data: String(decoding: JSONValue.object(payload).encoded(), as: UTF8.self))
    }

    static func messageStart(id: String, model: String, inputTokens: Int) -> String {
        event("message_start", [
            "message": .object([
                "id": .string(id), "type": .string("message"), "role": .string("assistant"), "content": .array([]), "model": .string(model),
                "stop_reason": .null, "stop_sequence": .null,
                "usage": .object(["input_tokens": .integer(Int64(inputTokens)), "output_tokens": .integer(1)]),
            ])
        ])
    }

    /// The events of a streamed answer: optional text block, optional tool_use block, the
    /// message delta with usage and stop reason, and `message_stop` (unless `complete` is false).
    static func stream(id: String, model: String, text: String, toolUse: (id: String, name: String, arguments: String)?,
                       inputTokens: Int, outputTokens: Int, complete: Bool = true) -> [String]
    {
        var events = [messageStart(id: id, model: model, inputTokens: inputTokens), event("ping", [:])]
        var index: Int64 = 0
        if !text.isEmpty {
            events.append(event("content_block_start", ["index": .integer(index), "content_block": .object(["type": .string("text"), "text": .string("")])]))
            for piece in EventStreamBody.pieces(of: text) {
                events.append(event("content_block_delta", [
                    "index": .integer(index), "delta": .object(["type": .string("text_delta"), "text": .string(piece)]),
                ]))
            }
            if !complete { return events }
            events.append(event("content_block_stop", ["index": .integer(index)]))
            index += 1
        }
        if let toolUse {
            events.append(event("content_block_start", [
                "index": .integer(index),
                "content_block": .object(["type": .string("tool_use"), "id": .string(toolUse.id), "name": .string(toolUse.name), "input": .object([:])]),
            ]))
            for fragment in EventStreamBody.fragments(of: toolUse.arguments) {
                events.append(event("content_block_delta", [
                    "index": .integer(index), "delta": .object(["type": .string("input_json_delta"), "partial_json": .string(fragment)]),
                ]))
            }
            events.append(event("content_block_stop", ["index": .integer(index)]))
        }
        events.append(event("message_delta", [
            "delta": .object(["stop_reason": .string(toolUse == nil ? "end_turn" : "tool_use"), "stop_sequence": .null]),
            "usage": .object(["output_tokens": .integer(Int64(outputTokens))]),
        ]))
        events.append(event("message_stop", [:]))
        return events
    }

    static func error(type: String, message: String) -> JSONValue {
        .object(["type": .string("error"), "error": .object(["type": .string(type), "message": .string(message)])])
    }
}
