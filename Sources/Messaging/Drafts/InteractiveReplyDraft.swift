/// An interactive reply in plaintext, as parsed; becomes an ``InteractiveReply`` with a sealed title.
public struct InteractiveReplyDraft: Sendable, Equatable {
    public var kind: InteractiveReply.Kind
    /// The bot-defined payload; must not be empty.
    public var id: String
    public var title: String?

    public init(kind: InteractiveReply.Kind, id: String, title: String? = nil) {
        self.kind = kind
        self.id = id
        self.title = title
    }
}
