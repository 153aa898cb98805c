/// Whether and which tool the model must call.
public enum LLMToolChoice: Sendable, Hashable, Codable {
    /// The model decides (the default when tools are given).
    case auto
    /// The model must not call tools (`"none"` on the wire; not named `none`, which would
    /// read as `Optional.none` where a `LLMToolChoice?` is expected).
    case disabled
    /// The model must call some tool.
    case required
    /// The model must call the named tool.
    case function(String)
}
