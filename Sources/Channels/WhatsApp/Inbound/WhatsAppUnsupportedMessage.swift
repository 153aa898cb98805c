import Foundation

/// A message (or receipt) we acknowledge and record but do not handle yet: reactions, stickers,
/// unknown types, interactive kinds other than button/list replies, messages the platform sent
/// only as `errors[]`, and receipts with a state we do not know.
public struct WhatsAppUnsupportedMessage: Sendable, Hashable {
    /// The wamid of the message (for a receipt, of our outbound message).
    public var wamid: String
    /// What arrived: the wire `type` (`reaction`, `sticker`, `unsupported`, …), `interactive.<kind>`
    /// or `status.<state>` for a receipt.
    public var type: String
    /// Our business phone number id: the channel account.
    public var phoneNumberID: String
    /// The WhatsApp Business Account id.
    public var businessAccountID: String
    /// The customer's WhatsApp id when the element had one; personal data.
    public var from: String?
    public var timestamp: Date?
    /// Codes from the element's `errors[]` (131051 for an unsupported message type).
    public var errorCodes: [Int]
    /// The idempotency key: the wamid, or `wamid:state` for a receipt.
    public var deduplicationKey: String

    public init(
        wamid: String, type: String, phoneNumberID: String, businessAccountID: String, from: String?,
        timestamp: Date?, errorCodes: [Int], deduplicationKey: String
    ) {
        self.wamid = wamid
        self.type = type
        self.phoneNumberID = phoneNumberID
        self.businessAccountID = businessAccountID
        self.from = from
        self.timestamp = timestamp
        self.errorCodes = errorCodes
        self.deduplicationKey = deduplicationKey
    }
}
