import Privacy

/// A ``UniversalMessage`` with its personal parts opened, for an agent or a renderer. Each opened
/// part is `.erased` once the sender's subject is erased. It is not `Codable` on purpose: it holds
/// plaintext personal data and must never be stored or logged.
public struct UnsealedMessage: Sendable, Equatable {
    /// The stored message (its non-personal facts are read from here).
    public var message: UniversalMessage
    public var platformChatID: UnsealedValue
    public var senderPlatformUserID: UnsealedValue
    public var senderDisplayName: UnsealedValue?
    public var text: UnsealedValue?
    /// In the order of ``UniversalMessage/attachments``.
    public var attachments: [UnsealedAttachment]
    public var interactiveReplyTitle: UnsealedValue?
    public var location: UnsealedLocation?

    public init(
        message: UniversalMessage,
        platformChatID: UnsealedValue,
        senderPlatformUserID: UnsealedValue,
        senderDisplayName: UnsealedValue?,
        text: UnsealedValue?,
        attachments: [UnsealedAttachment],
        interactiveReplyTitle: UnsealedValue?,
        location: UnsealedLocation?
    ) {
        self.message = message
        self.platformChatID = platformChatID
        self.senderPlatformUserID = senderPlatformUserID
        self.senderDisplayName = senderDisplayName
        self.text = text
        self.attachments = attachments
        self.interactiveReplyTitle = interactiveReplyTitle
        self.location = location
    }
}
