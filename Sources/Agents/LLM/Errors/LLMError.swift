/// Why an LLM call failed, classified so callers can decide: retry (`rateLimited`,
/// `unavailable`, `timeout`, `transport`), fail over, or give up (`badRequest`, `unauthorized`).
/// A struct with an extensible `Code`, as postgres-nio's `PSQLError`, carrying the provider,
/// the model, the HTTP status and the provider's own message.
public struct LLMError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case rateLimited, unavailable, timeout, transport, malformedResponse, badRequest, unauthorized
            case circuitOpen, allProvidersFailed, cancelled, configuration
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// 429, or a stream `rate_limit_error`: retried after `retry-after`.
        public static let rateLimited = Code(.rateLimited)
        /// 5xx, Anthropic 529 `overloaded_error`, or a stream `api_error`: retried.
        public static let unavailable = Code(.unavailable)
        /// No answer in time (connect, read idle or whole-call deadline): retried.
        public static let timeout = Code(.timeout)
        /// The connection failed or broke (refused, reset, TLS): retried.
        public static let transport = Code(.transport)
        /// The provider answered something that is not its documented format (bad JSON, bad SSE,
        /// a stream cut before its end). Not retried at the same provider; failover applies.
        public static let malformedResponse = Code(.malformedResponse)
        /// 400/404/413/422: the request is wrong for this provider; not retried.
        public static let badRequest = Code(.badRequest)
        /// 401/403: the key is missing, wrong or lacks permission; not retried.
        public static let unauthorized = Code(.unauthorized)
        /// The provider's circuit breaker is open; the call was not sent.
        public static let circuitOpen = Code(.circuitOpen)
        /// Every route of a failover list failed; `attempts` holds each route's record.
        public static let allProvidersFailed = Code(.allProvidersFailed)
        /// The caller's task was cancelled.
        public static let cancelled = Code(.cancelled)
        /// The provider configuration is unusable (e.g. an invalid base URL).
        public static let configuration = Code(.configuration)

        /// True for failures that another attempt at the same provider may cure.
        public var isRetryable: Bool {
            switch base {
            case .rateLimited, .unavailable, .timeout, .transport: return true
            default: return false
            }
        }

        /// True for failures that say the provider is unhealthy (they count towards its breaker).
        public var countsAgainstProviderHealth: Bool {
            switch base {
            case .rateLimited, .unavailable, .timeout, .transport, .malformedResponse: return true
            default: return false
            }
        }

        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What happened, in words, with the provider's own error message when there was one.
    public var message: String
    /// The provider name (from its configuration), when known.
    public var provider: String?
    /// The model asked for, when known.
    public var model: String?
    /// The HTTP status the provider answered, when it answered.
    public var httpStatus: Int?
    /// How long the provider asked us to wait (`retry-after`), when it said.
    public var retryAfter: Duration?
    /// For `allProvidersFailed`: the record of every route tried, in order.
    public var attempts: [LLMCallRecord]

    /// Creates an error.
    public init(
        code: Code, message: String, provider: String? = nil, model: String? = nil, httpStatus: Int? = nil,
        retryAfter: Duration? = nil, attempts: [LLMCallRecord] = []
    ) {
        self.code = code
        self.message = message
        self.provider = provider
        self.model = model
        self.httpStatus = httpStatus
        self.retryAfter = retryAfter
        self.attempts = attempts
    }

    public var description: String {
        var parts = ["LLMError.\(code)"]
        if let provider { parts.append("provider=\(provider)") }
        if let model { parts.append("model=\(model)") }
        if let httpStatus { parts.append("status=\(httpStatus)") }
        if let retryAfter { parts.append("retry-after=\(retryAfter)") }
        return parts.joined(separator: " ") + ": " + message
    }

    /// A copy naming the provider and model, keeping values already set.
    func attributed(provider: String, model: String) -> LLMError {
        var copy = self
        copy.provider = copy.provider ?? provider
        copy.model = copy.model ?? model
        return copy
    }
}
