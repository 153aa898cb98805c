/// One reply button of an interactive button message: the id we get back when it is tapped,
/// and the title shown (at most 20 characters).
public struct WhatsAppReplyButton: Sendable, Hashable {
    /// Returned as `button_reply.id`; at most 256 characters.
    public var id: String
    /// Shown on the button; at most 20 characters.
    public var title: String

    public init(id: String, title: String) {
        self.id = id
        self.title = title
    }
}
