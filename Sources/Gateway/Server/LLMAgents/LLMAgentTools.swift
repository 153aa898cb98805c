import Agents
import EventLog
import Foundation
import LLM
import Messaging

/// The tools an LLM agent's model may call: its declared tools described to the model, and the
/// calls performed (`handoff` here, the others through the action runner).
struct LLMAgentTools: Sendable {
    let declarations: [ToolDeclaration]
    let performer: ToolPerformerLink

    init(declarations: [ToolDeclaration], performer: (any AgentToolPerformer)?) {
        self.declarations = declarations
        self.performer = ToolPerformerLink(performer)
    }

    /// What the model is told about each tool.
    var definitions: [LLMToolDefinition] {
        declarations.map { tool in
            LLMToolDefinition(name: tool.name, description: tool.modelDescription, parameters: tool.modelParameters)
        }
    }

    /// Performs one call; a bad call (unknown tool, arguments that are not a JSON object) is
    /// answered with an error for the model rather than ending the run.
    func perform(_ call: LLMToolCall, actionID: String, run: inout LLMRun) async throws -> LLMToolResult {
        guard let tool = declarations.first(where: { $0.name == call.name }) else {
            return LLMToolResult(content: "There is no tool named \(call.name).", isError: true)
        }
        guard case .object(let members) = try? call.parsedArguments() else {
            return LLMToolResult(content: "The arguments must be a JSON object.", isError: true)
        }
        var arguments: [String: EntityValue] = [:]
        for (name, value) in members {
            switch value {
            case .string(let text):
                // A date-time written the ISO 8601 way is a date-time slot (a calendar tool's start).
                if let date = ISO8601DateFormatter().date(from: text) {
                    arguments[name] = .dateTime(DateTimeValue(date: date, hasDate: true, hasTime: true))
                } else {
                    arguments[name] = .text(text)
                }
            case .integer(let number): arguments[name] = .number(Decimal(number))
            case .number(let number): arguments[name] = .number(Decimal(number))
            case .bool(let flag): arguments[name] = .text(flag ? "true" : "false")
            case .null: continue
            case .array, .object: arguments[name] = .text(value.jsonText)
            }
        }
        if tool.kind == .handoff {
            try run.recordHandoff(reason: "agent_handed_off")
            return LLMToolResult(content: "The conversation is now with a person from the team, who will reply here.")
        }
        guard let performer = performer.current else { return LLMToolResult(content: "The tool \(tool.name) is not available.", isError: true) }
        return try await performer.perform(tool: tool, actionID: actionID, arguments: arguments, agentID: run.agentID, turn: run.turn)
    }
}

extension ToolDeclaration {
    /// The tool's description for the model (`description:`, else one from its kind).
    var modelDescription: String {
        if let description, !description.isEmpty { return description }
        switch settings {
        case .handoff: return "Hand the conversation to a person from the team when you cannot help or the customer asks for one."
        case .http: return "Call the \(name) service."
        case .email: return "Send an email (\(name))."
        case .calendar: return "Create a calendar entry (\(name))."
        }
    }

    /// The arguments' JSON Schema: the slots the tool's settings refer to (`{{slots.x}}`, a
    /// calendar's start slot), all required strings; a calendar start is an ISO 8601 date-time.
    var modelParameters: LLMJSONValue {
        var names = Set<String>()
        let text = settings.templates.joined(separator: "\n")
        let pattern = try! NSRegularExpression(pattern: #"slots\.([A-Za-z_][A-Za-z0-9_]*)"#)
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            if let range = Range(match.range(at: 1), in: text) { names.insert(String(text[range])) }
        }
        var properties: [String: LLMJSONValue] = [:]
        for name in names { properties[name] = ["type": "string"] }
        if case .calendar(let calendar) = settings {
            properties[calendar.startSlot] = ["type": "string", "description": "start, ISO 8601 date and time, e.g. 2026-12-03T14:00:00+01:00"]
        }
        let required = properties.keys.sorted()
        return ["type": "object", "properties": .object(properties), "required": .array(required.map { .string($0) })]
    }
}
