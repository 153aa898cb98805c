/// Whether and which tool the model must call.
public enum LLMToolChoice: Sendable, Hashable, Codable {
    /// The model decides (the default when tools are given).
    case auto
    /// The model must not call tools.
    case none
    /// The model must call some tool.
    case required
    /// The model must call the named tool.
    case function(String)
}
