import Privacy

/// An interactive button (or list row) offered with an outbound message. The id is the bot-defined
/// payload that comes back in an ``InteractiveReply``; the label is sealed like the text, since agents
/// may build it from personal data.
public struct OutboundButton: Codable, Sendable, Equatable {
    public var id: String
    public var title: SealedField

    public init(id: String, title: SealedField) {
        self.id = id
        self.title = title
    }
}
