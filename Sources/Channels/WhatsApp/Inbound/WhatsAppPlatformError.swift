/// An entry of a message's or status's `errors[]`. `title`, `message` and `details` are the
/// platform's words and may quote personal data; keep them out of logs.
public struct WhatsAppPlatformError: Sendable, Hashable {
    /// The code Meta sends when a free-form message is sent outside the 24-hour window.
    public static let outsideCustomerServiceWindowCode = 131047

    public var code: Int
    public var title: String?
    public var message: String?
    /// `error_data.details`.
    public var details: String?

    public init(code: Int, title: String? = nil, message: String? = nil, details: String? = nil) {
        self.code = code
        self.title = title
        self.message = message
        self.details = details
    }

    /// True for 131047: "more than 24 hours have passed since the customer last replied".
    public var isOutsideCustomerServiceWindow: Bool { code == Self.outsideCustomerServiceWindowCode }
}
