import JSONValues

/// A function the model may call: its name, what it does, and its parameters as a JSON
/// Schema object (e.g. `{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}`).
public struct LLMToolDefinition: Sendable, Hashable, Codable {
    /// Name the model uses to call it (letters, digits, `_` and `-`).
    public var name: String
    /// What the tool does, for the model.
    public var description: String
    /// JSON Schema of the arguments object.
    public var parameters: LLMJSONValue

    /// Creates a tool definition; `parameters` defaults to an object without properties.
    public init(
        name: String, description: String,
        parameters: LLMJSONValue = ["type": "object", "properties": .object([:])]
    ) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}
