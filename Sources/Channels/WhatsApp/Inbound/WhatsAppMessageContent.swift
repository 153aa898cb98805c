/// The body of an inbound message, one case per type the adapter understands.
public enum WhatsAppMessageContent: Sendable, Hashable {
    /// `type: text`, the `text.body`.
    case text(String)
    /// `type: image | document | audio | video`: metadata and the platform media id, no bytes.
    case media(WhatsAppMedia)
    /// `type: location`.
    case location(WhatsAppLocation)
    /// `type: interactive` (a reply button or list row tapped) or `type: button` (a template
    /// quick-reply button).
    case interactiveReply(WhatsAppInteractiveReply)
}
