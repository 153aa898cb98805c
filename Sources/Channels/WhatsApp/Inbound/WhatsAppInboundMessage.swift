import Foundation

/// A customer's message, translated from the Cloud API wire format: who sent it, to which of our
/// numbers, when, in reply to what, and its content.
public struct WhatsAppInboundMessage: Sendable, Hashable {
    /// The platform message id (`wamid.…`); the deduplication key.
    public var id: String
    /// Our business phone number id (`metadata.phone_number_id`): the channel account.
    public var phoneNumberID: String
    /// Our business number as shown to customers (`metadata.display_phone_number`).
    public var displayPhoneNumber: String?
    /// The WhatsApp Business Account id (`entry[].id`).
    public var businessAccountID: String
    /// The customer's WhatsApp id (`from`, digits); personal data, seal before storing.
    public var from: String
    /// The customer's profile name from `contacts[]`; personal data.
    public var contactName: String?
    /// When the platform received the message (`timestamp`, whole seconds).
    public var timestamp: Date
    /// The wamid of the message this one replies to (`context.id`).
    public var replyToMessageID: String?
    /// What the customer sent.
    public var content: WhatsAppMessageContent

    public init(
        id: String, phoneNumberID: String, displayPhoneNumber: String?, businessAccountID: String, from: String,
        contactName: String?, timestamp: Date, replyToMessageID: String?, content: WhatsAppMessageContent
    ) {
        self.id = id
        self.phoneNumberID = phoneNumberID
        self.displayPhoneNumber = displayPhoneNumber
        self.businessAccountID = businessAccountID
        self.from = from
        self.contactName = contactName
        self.timestamp = timestamp
        self.replyToMessageID = replyToMessageID
        self.content = content
    }
}
