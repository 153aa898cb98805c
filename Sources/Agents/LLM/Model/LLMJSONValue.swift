import JSONValues

/// A JSON value as the LLM layer needs it: tool parameter schemas, tool call arguments and
/// provider payloads that have no fixed shape (the project's one JSON value type).
public typealias LLMJSONValue = JSONValues.JSONValue
