import Foundation

/// A function call the model asked for: the provider's call id, the tool name and the
/// arguments as JSON text exactly as the model produced them (they may not be valid JSON;
/// `parsedArguments()` tells).
public struct LLMToolCall: Sendable, Hashable, Codable {
    /// The provider's id for this call; a tool result must quote it.
    public var id: String
    /// Name of the tool (a `LLMToolDefinition.name`).
    public var name: String
    /// Arguments as JSON text, e.g. `{"city":"Paris"}`.
    public var arguments: String

    /// Creates a tool call.
    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    /// The arguments parsed as JSON; an empty string reads as `{}`.
    /// - Throws: `LLMError` with code `malformedResponse` when the model produced invalid JSON.
    public func parsedArguments() throws(LLMError) -> LLMJSONValue {
        let trimmed = arguments.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return .object([:]) }
        do {
            return try LLMJSONValue(parsing: trimmed)
        } catch {
            throw LLMError(
                code: .malformedResponse,
                message: "tool call \(id) (\(name)) has arguments that are not JSON: \(arguments.prefix(200))"
            )
        }
    }
}
