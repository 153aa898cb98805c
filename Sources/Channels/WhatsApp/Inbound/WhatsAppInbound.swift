/// One thing a webhook told us, in the order it appeared: a customer's message, a status of one of
/// our outbound messages, a message we do not handle yet, or a change of a kind we do not read.
/// Every element must be acknowledged and recorded; none is dropped.
public enum WhatsAppInbound: Sendable, Hashable {
    /// A customer's message the adapter understands.
    case message(WhatsAppInboundMessage)
    /// A sent/delivered/read/failed receipt for a message we sent.
    case status(WhatsAppStatusUpdate)
    /// A message (or status) of a type we do not handle yet: reaction, sticker, an unknown type,
    /// or one the platform delivered only as `errors[]`. Record it as `message.unsupported`.
    case unsupported(WhatsAppUnsupportedMessage)
    /// A change whose `field` is not `messages` (template or account updates), or a `messages`
    /// change carrying neither messages nor statuses; `errorCodes` lists any `errors[]` it had.
    case unhandledChange(businessAccountID: String, field: String, errorCodes: [Int])

    /// The key that makes a webhook retry idempotent: the wamid for messages, `wamid:status`
    /// for receipts (a message is delivered once and read once). `nil` for unhandled changes,
    /// which carry no id.
    public var deduplicationKey: String? {
        switch self {
        case .message(let message): message.id
        case .status(let status): status.deduplicationKey
        case .unsupported(let unsupported): unsupported.deduplicationKey
        case .unhandledChange: nil
        }
    }
}
