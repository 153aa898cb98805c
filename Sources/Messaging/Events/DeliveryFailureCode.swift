/// Why sending an outbound message failed, in terms an operator can act on. Extensible: a stored
/// value this build does not know still decodes.
public struct DeliveryFailureCode: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The platform answered 429 / too many requests.
    public static let rateLimited = DeliveryFailureCode(rawValue: "rate_limited")
    /// The platform answered 5xx or could not be reached.
    public static let platformUnavailable = DeliveryFailureCode(rawValue: "platform_unavailable")
    /// The platform did not answer in time; whether it sent the message is unknown.
    public static let timeout = DeliveryFailureCode(rawValue: "timeout")
    /// The channel account's circuit breaker is open after repeated failures.
    public static let circuitOpen = DeliveryFailureCode(rawValue: "circuit_open")
    /// The platform rejected the request as invalid (a 4xx other than the cases below).
    public static let rejected = DeliveryFailureCode(rawValue: "rejected")
    /// The bot's credentials were refused.
    public static let unauthorized = DeliveryFailureCode(rawValue: "unauthorized")
    /// The recipient does not exist, blocked the bot or cannot be written to.
    public static let recipientUnreachable = DeliveryFailureCode(rawValue: "recipient_unreachable")
    /// The recipient opted out (e.g. WhatsApp STOP).
    public static let recipientOptedOut = DeliveryFailureCode(rawValue: "recipient_opted_out")
    /// WhatsApp: the 24-hour customer-service window is closed and the message is not a template.
    public static let outsideCustomerServiceWindow = DeliveryFailureCode(rawValue: "outside_customer_service_window")
    /// The recipient was erased; the sealed message can no longer be opened or sent.
    public static let recipientErased = DeliveryFailureCode(rawValue: "recipient_erased")

    public var description: String { rawValue }
}
