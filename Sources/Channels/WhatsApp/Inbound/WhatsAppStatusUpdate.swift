import Foundation

/// A receipt for a message we sent: sent, delivered, read or failed. `read` may arrive without
/// `delivered`, and receipts may arrive out of order.
public struct WhatsAppStatusUpdate: Sendable, Hashable {
    /// The delivery states the Cloud API reports.
    public enum State: String, Sendable, Hashable, CaseIterable {
        case sent, delivered, read, failed
    }

    /// The wamid of OUR outbound message this receipt is about.
    public var messageID: String
    public var state: State
    public var timestamp: Date
    /// The customer's WhatsApp id; personal data.
    public var recipientID: String?
    /// Our business phone number id: the channel account.
    public var phoneNumberID: String
    /// The WhatsApp Business Account id.
    public var businessAccountID: String
    /// Why the message failed, for `failed` (and sometimes other) states.
    public var errors: [WhatsAppPlatformError]

    public init(
        messageID: String, state: State, timestamp: Date, recipientID: String?, phoneNumberID: String,
        businessAccountID: String, errors: [WhatsAppPlatformError]
    ) {
        self.messageID = messageID
        self.state = state
        self.timestamp = timestamp
        self.recipientID = recipientID
        self.phoneNumberID = phoneNumberID
        self.businessAccountID = businessAccountID
        self.errors = errors
    }

    /// `wamid:state`: each state of a message is recorded once however often Meta retries.
    public var deduplicationKey: String { "\(messageID):\(state.rawValue)" }

    /// True when the message failed because the 24-hour customer-service window was closed (131047).
    public var isOutsideCustomerServiceWindow: Bool {
        errors.contains { $0.isOutsideCustomerServiceWindow }
    }

    /// For a `failed` receipt, the classified reason (the first error decides); `nil` otherwise.
    public var failure: WhatsAppDeliveryFailure? {
        guard state == .failed else { return nil }
        guard let error = errors.first else {
            return WhatsAppDeliveryFailure(reason: .rejected, isRetryable: false)
        }
        return WhatsAppDeliveryFailure.classify(
            platformCode: error.code, httpStatus: nil, platformMessage: error.message ?? error.title)
    }
}
