/// A failure the WhatsApp fake can be scripted to answer instead of sending.
public enum WhatsAppFault: Sendable, Hashable {
    /// HTTP 400, code 131047: free-form message outside the 24-hour customer-service window.
    case outsideCustomerServiceWindow
    /// HTTP 400, code 130429: the phone number's throughput limit was hit.
    case rateLimited
    /// HTTP 400, code 131056: too many messages to the same user (pair rate limit).
    case pairRateLimited
    /// HTTP 500, code 1: an unknown Graph API error.
    case internalServerError
    /// Any other Graph error with the given HTTP status, code and message.
    case error(status: Int, code: Int, message: String)

    var response: WireResponse {
        switch self {
        case .outsideCustomerServiceWindow:
            return GraphErrorEnvelope.response(
                status: 400, code: 131047, message: "(#131047) Re-engagement message",
                details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.")
        case .rateLimited:
            return GraphErrorEnvelope.response(
                status: 400, code: 130429, message: "(#130429) Rate limit hit",
                details: "Cloud API message throughput has been reached.")
        case .pairRateLimited:
            return GraphErrorEnvelope.response(
                status: 400, code: 131056, message: "(#131056) (Business Account, Consumer Account) pair rate limit hit",
                details: "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.")
        case .internalServerError:
            return GraphErrorEnvelope.response(status: 500, code: 1, message: "An unknown error has occurred.")
        case .error(let status, let code, let message):
            return GraphErrorEnvelope.response(status: status, code: code, message: message)
        }
    }
}
