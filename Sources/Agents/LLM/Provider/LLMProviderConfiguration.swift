import AsyncHTTPClient

/// How to reach one provider, as read from an agent's configuration: which API it speaks,
/// its base URL and key, and its timeouts. `makeProvider` builds the matching `LLMProvider`.
///
/// ```swift
/// let local = LLMProviderConfiguration(name: "local", api: .openAICompatible, baseURL: "http://127.0.0.1:8090")
/// let claude = LLMProviderConfiguration(name: "anthropic", api: .anthropic,
///                                       baseURL: "https://api.anthropic.com", apiKey: key)
/// ```
public struct LLMProviderConfiguration: Sendable, Hashable {
    /// The wire format a provider speaks.
    public enum API: String, Sendable, Hashable, Codable {
        /// OpenAI Chat Completions: OpenAI, Ollama, vLLM, llama.cpp servers, LM Studio….
        case openAICompatible = "openai"
        /// Anthropic Messages.
        case anthropic
    }

    /// Name for breakers, records and logs; unique per process.
    public var name: String
    /// The wire format.
    public var api: API
    /// Scheme, host, port and optional path prefix, e.g. `https://api.openai.com` or
    /// `http://127.0.0.1:11434`; a trailing `/v1` is accepted and not doubled.
    public var baseURL: String
    /// The key: sent as `Authorization: Bearer` (OpenAI-compatible, omitted when nil) or
    /// `x-api-key` (Anthropic).
    public var apiKey: String?
    /// Deadline for one HTTP attempt, from sending until the last byte of the answer
    /// (streamed answers included). Connect and read-idle limits come from the `HTTPClient`.
    public var requestTimeout: Duration
    /// Largest non-streamed answer body accepted.
    public var maximumResponseBytes: Int
    /// Anthropic: the `anthropic-version` header.
    public var anthropicVersion: String
    /// Anthropic requires `max_tokens`; used when the request sets none.
    public var defaultMaxTokens: Int
    /// OpenAI-compatible streaming: ask for a final usage chunk (`stream_options.include_usage`).
    /// Turn off for servers that reject unknown fields.
    public var requestStreamUsage: Bool
    /// Extra headers sent with every request (e.g. `OpenAI-Organization`).
    public var extraHeaders: [String: String]

    /// Creates a configuration with defaults suited to interactive agents.
    public init(
        name: String,
        api: API,
        baseURL: String,
        apiKey: String? = nil,
        requestTimeout: Duration = .seconds(120),
        maximumResponseBytes: Int = 16 * 1024 * 1024,
        anthropicVersion: String = "2023-06-01",
        defaultMaxTokens: Int = 1024,
        requestStreamUsage: Bool = true,
        extraHeaders: [String: String] = [:]
    ) {
        self.name = name
        self.api = api
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.requestTimeout = requestTimeout
        self.maximumResponseBytes = maximumResponseBytes
        self.anthropicVersion = anthropicVersion
        self.defaultMaxTokens = defaultMaxTokens
        self.requestStreamUsage = requestStreamUsage
        self.extraHeaders = extraHeaders
    }

    /// The provider for this configuration, sending through `httpClient`.
    public func makeProvider(httpClient: HTTPClient = .shared) -> any LLMProvider {
        switch api {
        case .openAICompatible: return HTTPLLMProvider<OpenAIChatFormat>(configuration: self, httpClient: httpClient)
        case .anthropic: return HTTPLLMProvider<AnthropicMessagesFormat>(configuration: self, httpClient: httpClient)
        }
    }

    /// `baseURL` joined with an API path that starts with `/v1/`, without doubling `/v1`.
    func endpoint(_ path: String) -> String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasSuffix("/v1") && path.hasPrefix("/v1/") { base.removeLast(3) }
        return base + path
    }
}
