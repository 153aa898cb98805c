/// Why an outbound message was not (or will not be) delivered, classified so the delivery
/// worker knows whether to retry, how long to wait, and what to record in `outbound.failed`.
/// `description` leaves out the platform's own message, which may quote personal data.
public struct WhatsAppDeliveryFailure: Sendable, Hashable, CustomStringConvertible {
    /// The failure reason recorded in events; the raw values are stable.
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// More than 24 hours since the customer last wrote; only a template may be sent (131047).
        case outsideCustomerServiceWindow = "outside_customer_service_window"
        /// Throughput, pair or account rate limit (130429, 131056, 80007, HTTP 429).
        case rateLimited = "rate_limited"
        /// The platform will not deliver to this recipient (131026).
        case undeliverable = "undeliverable"
        /// The access token is invalid or expired (HTTP 401, code 190).
        case unauthorized = "unauthorized"
        /// A transient platform failure (HTTP 5xx, `is_transient`, 1, 2, 131000).
        case serverError = "server_error"
        /// The platform refused the request for another reason; retrying will not help.
        case rejected = "rejected"
        /// A success status whose body we cannot read; the message may have been sent, so it is not retried.
        case unexpectedResponse = "unexpected_response"
    }

    /// Codes for which the platform asks us to slow down, with the wait we suggest.
    static let rateLimitBackoff: [Int: Duration] = [
        130429: .seconds(1),  // throughput limit (80 msg/s per number by default)
        131056: .seconds(6),  // pair rate limit, about one message per 6 s to one user
        80007: .seconds(60),  // business account rate limit
        4: .seconds(60),  // application request limit
    ]
    /// Platform codes Meta documents as temporary.
    static let transientCodes: Set<Int> = [1, 2, 131000]

    public var reason: Reason
    /// Whether sending the same request again later may succeed.
    public var isRetryable: Bool
    /// How long to wait before retrying, when the platform's code implies one (or `Retry-After` said).
    public var suggestedBackoff: Duration?
    /// The Graph API error code, when there is one.
    public var platformCode: Int?
    /// The HTTP status of the send, `nil` for a failure reported by a `failed` status webhook or decided locally.
    public var httpStatus: Int?
    /// The platform's own message; may quote personal data, keep out of logs.
    public var platformMessage: String?
    /// `fbtrace_id`, for Meta support.
    public var traceID: String?

    public init(
        reason: Reason, isRetryable: Bool, suggestedBackoff: Duration? = nil, platformCode: Int? = nil,
        httpStatus: Int? = nil, platformMessage: String? = nil, traceID: String? = nil
    ) {
        self.reason = reason
        self.isRetryable = isRetryable
        self.suggestedBackoff = suggestedBackoff
        self.platformCode = platformCode
        self.httpStatus = httpStatus
        self.platformMessage = platformMessage
        self.traceID = traceID
    }

    /// The failure for a free-form message held back because the customer-service window is closed.
    public static let outsideCustomerServiceWindow = WhatsAppDeliveryFailure(
        reason: .outsideCustomerServiceWindow, isRetryable: false)

    /// Classifies a Graph API error code and/or HTTP status; the code wins over the status.
    public static func classify(
        platformCode: Int?, httpStatus: Int?, platformMessage: String? = nil, isTransient: Bool = false,
        traceID: String? = nil
    ) -> WhatsAppDeliveryFailure {
        func failure(_ reason: Reason, retryable: Bool, backoff: Duration? = nil) -> WhatsAppDeliveryFailure {
            WhatsAppDeliveryFailure(
                reason: reason, isRetryable: retryable, suggestedBackoff: backoff, platformCode: platformCode,
                httpStatus: httpStatus, platformMessage: platformMessage, traceID: traceID)
        }
        if let code = platformCode {
            if code == WhatsAppPlatformError.outsideCustomerServiceWindowCode {
                return failure(.outsideCustomerServiceWindow, retryable: false)
            }
            if let backoff = rateLimitBackoff[code] { return failure(.rateLimited, retryable: true, backoff: backoff) }
            if code == 131026 { return failure(.undeliverable, retryable: false) }
            if code == 190 { return failure(.unauthorized, retryable: false) }
        }
        if httpStatus == 401 { return failure(.unauthorized, retryable: false) }
        if httpStatus == 429 { return failure(.rateLimited, retryable: true, backoff: .seconds(1)) }
        if let status = httpStatus, (500...599).contains(status) { return failure(.serverError, retryable: true) }
        if isTransient || platformCode.map(transientCodes.contains) == true {
            return failure(.serverError, retryable: true)
        }
        return failure(.rejected, retryable: false)
    }

    public var description: String {
        var text = "whatsapp delivery failed: \(reason.rawValue)" + (isRetryable ? " (retryable)" : " (not retryable)")
        if let platformCode { text += " [code \(platformCode)]" }
        if let httpStatus { text += " [http \(httpStatus)]" }
        if let suggestedBackoff { text += " [backoff \(suggestedBackoff)]" }
        if let traceID { text += " [fbtrace_id \(traceID)]" }
        return text
    }
}
