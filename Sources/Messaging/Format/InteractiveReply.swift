import Privacy

/// The sender's answer to an interactive element the bot sent: a reply button, a list row or an
/// inline-keyboard callback. ``id`` is the payload the bot attached and is what agents match on; the
/// title is the label the person saw, sealed because agents may build labels from personal data.
public struct InteractiveReply: Codable, Sendable, Equatable {
    /// Which element was used.
    public var kind: Kind
    /// The bot-defined payload of the element (button id, list row id, callback data).
    public var id: String
    /// The label of the element as the platform reports it, sealed; nil when it reports none
    /// (Telegram callbacks).
    public var title: SealedField?

    public init(kind: Kind, id: String, title: SealedField? = nil) {
        self.kind = kind
        self.id = id
        self.title = title
    }
}
