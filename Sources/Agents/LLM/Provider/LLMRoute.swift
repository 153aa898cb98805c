/// One entry of a failover list: a provider and the model to ask it for.
public struct LLMRoute: Sendable {
    /// The provider to call.
    public var provider: any LLMProvider
    /// The model name at that provider (replaces `LLMRequest.model`).
    public var model: String

    /// Creates a route.
    public init(provider: any LLMProvider, model: String) {
        self.provider = provider
        self.model = model
    }
}
