/// A customer's tap on something we offered: a reply button, a list row, or a template
/// quick-reply button. `id` is what we put in the button or row (the payload for quick replies).
public struct WhatsAppInteractiveReply: Sendable, Hashable {
    /// Which control was tapped.
    public enum Kind: String, Sendable, Hashable {
        /// `interactive.button_reply`, from an interactive reply-button message.
        case buttonReply = "button_reply"
        /// `interactive.list_reply`, from an interactive list message.
        case listReply = "list_reply"
        /// `button`, a quick-reply button on a template message.
        case quickReplyButton = "button"
    }

    public var kind: Kind
    /// The id (or template payload) we attached to the control; empty if a template button had none.
    public var id: String
    /// The text shown on the control.
    public var title: String
    /// The row description, list replies only.
    public var description: String?

    public init(kind: Kind, id: String, title: String, description: String? = nil) {
        self.kind = kind
        self.id = id
        self.title = title
        self.description = description
    }
}
